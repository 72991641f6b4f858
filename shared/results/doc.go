// Package results computes what a campaign achieved: reach and content, traffic, sales,
// money (cost, CPM, CPE, CPC, CPA, ROAS, ROI, the impact score from actuals), progress
// towards the goal with a projection to its deadline, day series, a creator leaderboard,
// a comparison with earlier campaigns and the paid-ads benchmark, and the post-mortem,
// with CSV exports and a printable page.
//
// It reads daily aggregates through a Reader (clicks, orders and post figures per
// creator and day, money per currency), never raw clicks or orders, and holds no AWS
// types. Every figure has one definition (Definitions, docs/metrics.md); a figure without
// its source or with a zero denominator is "no data", and money is never added across
// currencies.
package results
