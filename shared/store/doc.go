// Package store is the only code that knows DynamoDB. It opens the single table described
// by system.Table, turns SDK failures into three errors the rest of the product can act on
// (ErrNotFound, ErrConflict, ErrThrottled), and offers conditional writes and transactions.
//
// Domain packages declare the store interfaces they need; store types prove they satisfy
// them at compile time.
package store
