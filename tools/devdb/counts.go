package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/FerretDB/wire/wirebson"
	"github.com/jackc/pgx/v5"
)

// Counts: the driver's countDocuments is `aggregate` with the pipeline
// `[{$match: filter}, {$group: {_id: 1, n: {$sum: 1}}}]`. FerretDB v1 reads every matching
// document into Go to count it (Overview's funnel counted a whole workspace that way); answered
// here, PostgreSQL counts the rows through the same `_jsonb->'field'` indexes and sends one number.
// The filter is the sorted pages' (sqlBuilder): anything it cannot answer exactly is relayed, and so
// is a count over a field some document holds an array in (arrayGuard).

// Keys a count may carry and still be answered here; anything else is relayed.
var countKeys = map[string]bool{
	"aggregate": true, "pipeline": true, "cursor": true,
	"lsid": true, "$db": true, "$clusterTime": true, "$readPreference": true, "maxTimeMS": true, "comment": true,
}

type countPlan struct {
	db, collection string
	where          string
	args           []any
	fields         []string
}

// filterFields: every field a filter the sqlBuilder accepted compares (top level, $and, $or).
func filterFields(doc *wirebson.Document, into map[string]bool) {
	for _, name := range doc.FieldNames() {
		if name != "$and" && name != "$or" {
			into[name] = true
			continue
		}
		arr, _ := doc.Get(name).(*wirebson.Array)
		for i := range arr.Len() {
			if branch, ok := arr.Get(i).(*wirebson.Document); ok {
				filterFields(branch, into)
			}
		}
	}
}

// arrayGuard finds a document whose compared field holds a non-empty array, which MongoDB matches
// element by element and the SQL comparison would not: then the count is relayed. In jsonb order
// non-empty arrays lie above `true` and below `{}`, so each probe is an index range where the
// field leads an index (an empty array matches no comparison the sqlBuilder makes).
func (p *countPlan) arrayGuard(table string) string {
	from := pgx.Identifier{p.db, table}.Sanitize()
	probes := make([]string, 0, len(p.fields))
	for _, f := range p.fields {
		probes = append(probes, fmt.Sprintf("EXISTS (SELECT 1 FROM %s WHERE %s > 'true'::jsonb AND %s < '{}'::jsonb)", from, field(f), field(f)))
	}
	return "SELECT " + strings.Join(probes, " OR ")
}

func planCount(cmd *wirebson.Document) *countPlan {
	p := &countPlan{}
	var ok bool
	if p.db, p.collection, ok = namespace(cmd, countKeys); !ok {
		return nil
	}
	if cursor, ok := cmd.Get("cursor").(*wirebson.Document); !ok || cursor.Len() != 0 {
		return nil
	}
	pipeline, ok := cmd.Get("pipeline").(*wirebson.Array)
	if !ok || pipeline.Len() != 2 {
		return nil
	}
	match, ok := pipeline.Get(0).(*wirebson.Document)
	if !ok || match.Len() != 1 {
		return nil
	}
	filter, ok := match.Get("$match").(*wirebson.Document)
	if !ok {
		return nil
	}
	if !isCountGroup(pipeline.Get(1)) {
		return nil
	}
	b := &sqlBuilder{}
	if p.where, ok = b.conjunction(filter); !ok {
		return nil
	}
	p.args = b.args
	seen := map[string]bool{}
	filterFields(filter, seen)
	for f := range seen {
		p.fields = append(p.fields, f)
	}
	return p
}

// isCountGroup: exactly `{$group: {_id: 1, n: {$sum: 1}}}`.
func isCountGroup(v any) bool {
	stage, ok := v.(*wirebson.Document)
	if !ok || stage.Len() != 1 {
		return false
	}
	group, ok := stage.Get("$group").(*wirebson.Document)
	if !ok || group.Len() != 2 {
		return false
	}
	if id, ok := number(group.Get("_id")); !ok || id != 1 {
		return false
	}
	sum, ok := group.Get("n").(*wirebson.Document)
	if !ok || sum.Len() != 1 {
		return false
	}
	one, ok := number(sum.Get("$sum"))
	return ok && one == 1
}

// countQuery runs one count statement in a read-only transaction that prefers the index: FerretDB
// never analyzes its tables, so PostgreSQL's estimates could otherwise pick a scan of every row.
func (s *sqlAnswers) countQuery(ctx context.Context, q string, args []any, into any) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
		return err
	}
	return tx.QueryRow(ctx, q, args...).Scan(into)
}

// count answers like MongoDB: one document `{_id: 1, n}`, or none when nothing matched.
func (s *sqlAnswers) count(ctx context.Context, p *countPlan, table string) (*wirebson.Document, error) {
	if len(p.fields) > 0 {
		var arrays bool
		if err := s.countQuery(ctx, p.arrayGuard(table), nil, &arrays); err != nil || arrays {
			return nil, err
		}
	}
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", pgx.Identifier{p.db, table}.Sanitize(), p.where)
	var n int64
	if err := s.countQuery(ctx, q, p.args, &n); err != nil {
		return nil, err
	}
	batch := wirebson.MakeArray(1)
	if n > 0 {
		var value any = n
		if n <= math.MaxInt32 {
			value = int32(n)
		}
		if err := batch.Add(wirebson.MustDocument("_id", int32(1), "n", value)); err != nil {
			return nil, err
		}
	}
	cursor := wirebson.MustDocument("firstBatch", batch, "id", int64(0), "ns", p.db+"."+p.collection)
	return wirebson.MustDocument("cursor", cursor, "ok", float64(1)), nil
}

// explainCount answers `explain` of a count served here, with the rows PostgreSQL examined as
// executionStats.totalDocsExamined.
func (s *sqlAnswers) explainCount(ctx context.Context, cmd, inner *wirebson.Document) []byte {
	if db, ok := cmd.Get("$db").(string); ok && inner.Get("$db") == nil {
		_ = inner.Add("$db", db)
	}
	plan := planCount(inner)
	if plan == nil {
		return nil
	}
	table, ok := s.table(ctx, plan.db, plan.collection)
	if !ok {
		return nil
	}
	if len(plan.fields) > 0 {
		var arrays bool
		if err := s.countQuery(ctx, plan.arrayGuard(table), nil, &arrays); err != nil || arrays {
			return nil
		}
	}
	q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", pgx.Identifier{plan.db, table}.Sanitize(), plan.where)
	var planJSON string
	if err := s.countQuery(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+q, plan.args, &planJSON); err != nil {
		return nil
	}
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plans); err != nil || len(plans) != 1 {
		return nil
	}
	planner := wirebson.MustDocument("devdbCount", true, "sql", q, "plan", plans[0].Plan.NodeType)
	stats := wirebson.MustDocument("totalDocsExamined", int64(plans[0].Plan.examined()))
	out, err := wirebson.MustDocument("queryPlanner", planner, "executionStats", stats, "ok", float64(1)).Encode()
	if err != nil {
		return nil
	}
	return out
}

func (s *sqlAnswers) answerCount(ctx context.Context, cmd *wirebson.Document) *wirebson.Document {
	plan := planCount(cmd)
	if plan == nil {
		return nil
	}
	table, ok := s.table(ctx, plan.db, plan.collection)
	if !ok {
		return nil
	}
	reply, err := s.count(ctx, plan, table)
	if err != nil || reply == nil {
		debugf("count relayed (an array in a compared field, or SQL: %v)", err)
		return nil
	}
	return reply
}
