package system

import "time"

// ResultsSourceAttribute marks the counter items the campaign results are packed from:
// the campaign's and its creators' daily click counters, the creators' daily order
// counters and the daily levels of their posts. Its value names the kind ("traffic",
// "sales", "content"). The resultspack function's stream subscription selects on it: in
// the cloud as a Lambda event filter on the new image, in the local stack in the poller.
const ResultsSourceAttribute = "resultsSource"

// ResultsSubscription is the resultspack function's stream subscription: new and changed
// counter items of the results' sources. A counter changes once per click batch or order,
// and the batching window folds a busy counter's changes into one write of its month.
var ResultsSubscription = StreamSubscription{
	BatchSize:         1000,
	MaxBatchingWindow: 10 * time.Second,
	Attribute:         ResultsSourceAttribute,
	Events:            []StreamEvent{StreamInsert, StreamModify},
}
