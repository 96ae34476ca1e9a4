package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/wire/wirebson"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sqlAnswers answers in SQL the commands the wire front takes (proxy.go). This file: `find`
// commands with a sort and a small limit (the console's lists, the moderation queue, the audit
// viewer), `ORDER BY … LIMIT` over the same `_jsonb->'field'` expressions FerretDB indexes, so
// PostgreSQL reads about a page of rows through the index.
//
// It takes only what it can answer exactly as MongoDB would; anything else goes to FerretDB:
//   - filter: top-level fields compared to a string, ObjectId, bool, number or date with $eq, $lt,
//     $lte, $gt, $gte, combined with $and and $or. Each comparison also requires the stored type's
//     class (MongoDB compares within a type: a date never matches a number);
//   - sort: top-level fields; a page where a matching document lacks a sort field goes to FerretDB
//     (PostgreSQL would order the missing value differently);
//   - 0 < |limit| ≤ maxPage, no skip, projection, hint, collation or transaction.
//
// Sorting assumes one stored type per sorted field across a collection (true of this project's
// schema); jsonb orders mixed types differently from BSON.
type sqlAnswers struct {
	pool   *pgxpool.Pool
	tables sync.Map // "db\x00collection" → table name
}

const (
	maxPage       = 1000
	maxReplyBytes = 16 << 20
)

var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Keys a find may carry and still be answered here; anything else is relayed.
var answerableKeys = map[string]bool{
	"find": true, "filter": true, "sort": true, "limit": true, "batchSize": true, "singleBatch": true,
	"lsid": true, "$db": true, "$clusterTime": true, "$readPreference": true, "maxTimeMS": true, "comment": true,
}

type findPlan struct {
	db, collection string
	where          string
	args           []any
	orderBy        string
	sortFields     []string
	limit          int
}

func (s *sqlAnswers) answer(ctx context.Context, raw []byte) []byte {
	// Only reads and updates can be answered here: every other command (each insert) is relayed
	// after decoding its top level alone.
	top, err := wirebson.RawDocument(raw).Decode()
	if err != nil {
		return nil
	}
	c := top.Command()
	if c != "find" && c != "aggregate" && c != "explain" && c != "update" {
		debugRelayed(top)
		return nil
	}
	cmd, err := wirebson.RawDocument(raw).DecodeDeep()
	if err != nil {
		return nil
	}
	if c == "update" {
		return s.answerUpdate(ctx, cmd)
	}
	if cmd.Command() == "aggregate" {
		if reply := s.answerCount(ctx, cmd); reply != nil {
			if out, err := reply.Encode(); err == nil {
				return out
			}
		}
		debugRelayed(cmd)
		return nil
	}
	var plan *findPlan
	explain := false
	switch cmd.Command() {
	case "find":
		plan = planFind(cmd)
	case "explain":
		inner, ok := cmd.Get("explain").(*wirebson.Document)
		if ok && inner.Command() == "aggregate" {
			return s.explainCount(ctx, cmd, inner)
		}
		if !ok || inner.Command() != "find" {
			return nil
		}
		if db, ok := cmd.Get("$db").(string); ok && inner.Get("$db") == nil {
			_ = inner.Add("$db", db)
		}
		plan = planFind(inner)
		explain = true
	}
	if plan == nil {
		debugRelayed(cmd)
		return nil
	}
	table, ok := s.table(ctx, plan.db, plan.collection)
	if !ok {
		debugf("relayed, no table: %s.%s", plan.db, plan.collection)
		return nil
	}
	var reply *wirebson.Document
	if explain {
		reply, err = s.explain(ctx, plan, table)
	} else {
		reply, err = s.run(ctx, plan, table)
	}
	if err != nil || reply == nil {
		debugf("relayed after SQL: %v", err)
		return nil
	}
	out, err := reply.Encode()
	if err != nil || len(out) > maxReplyBytes {
		return nil // FerretDB answers a page that large with a cursor
	}
	return out
}

func planFind(cmd *wirebson.Document) *findPlan {
	p := &findPlan{}
	var ok bool
	if p.db, p.collection, ok = namespace(cmd, answerableKeys); !ok {
		return nil
	}
	limit, ok := number(cmd.Get("limit"))
	if !ok || limit == 0 || math.Abs(limit) > maxPage || limit != math.Trunc(limit) {
		return nil
	}
	p.limit = int(math.Abs(limit))
	sort, ok := cmd.Get("sort").(*wirebson.Document)
	if !ok || sort.Len() == 0 {
		return nil
	}
	var order []string
	for _, f := range sort.FieldNames() {
		dir, ok := number(sort.Get(f))
		if !ok || (dir != 1 && dir != -1) || !plainField.MatchString(f) {
			return nil
		}
		expr := field(f)
		if dir < 0 {
			expr += " DESC"
		}
		order = append(order, expr)
		p.sortFields = append(p.sortFields, f)
	}
	p.orderBy = strings.Join(order, ", ")
	b := &sqlBuilder{}
	where := "TRUE"
	if filter := cmd.Get("filter"); filter != nil {
		doc, ok := filter.(*wirebson.Document)
		if !ok {
			return nil
		}
		if where, ok = b.conjunction(doc); !ok {
			return nil
		}
	}
	p.where, p.args = where, b.args
	return p
}

// namespace is the database and collection a command names (`{<command>: collection, $db}`), when
// it carries no key but the allowed ones.
func namespace(cmd *wirebson.Document, allowed map[string]bool) (db, collection string, ok bool) {
	for _, k := range cmd.FieldNames() {
		if !allowed[k] {
			return "", "", false
		}
	}
	collection, ok1 := cmd.Get(cmd.Command()).(string)
	db, ok2 := cmd.Get("$db").(string)
	return db, collection, ok1 && ok2
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// field is the expression FerretDB indexes for a top-level field (names are checked by plainField).
func field(name string) string { return "(_jsonb->'" + name + "')" }

func storedType(name string) string { return "(_jsonb->'$s'->'p'->'" + name + "'->>'t')" }

type sqlBuilder struct{ args []any }

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "$" + strconv.Itoa(len(b.args))
}

func (b *sqlBuilder) conjunction(doc *wirebson.Document) (string, bool) {
	var parts []string
	for _, name := range doc.FieldNames() {
		value := doc.Get(name)
		var part string
		var ok bool
		switch {
		case name == "$and":
			part, ok = b.branches(value, " AND ")
		case name == "$or":
			if part, ok = b.keysetBound(value); !ok {
				part, ok = b.branches(value, " OR ")
			}
		case strings.HasPrefix(name, "$") || !plainField.MatchString(name):
			return "", false
		default:
			part, ok = b.fieldCondition(name, value)
		}
		if !ok {
			return "", false
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return "TRUE", true
	}
	return "(" + strings.Join(parts, " AND ") + ")", true
}

func (b *sqlBuilder) branches(value any, join string) (string, bool) {
	arr, ok := value.(*wirebson.Array)
	if !ok || arr.Len() == 0 {
		return "", false
	}
	parts := make([]string, arr.Len())
	for i := range arr.Len() {
		doc, ok := arr.Get(i).(*wirebson.Document)
		if !ok {
			return "", false
		}
		if parts[i], ok = b.conjunction(doc); !ok {
			return "", false
		}
	}
	return "(" + strings.Join(parts, join) + ")", true
}

// keysetBound turns the cursor condition of a newest-first page,
// `{$or: [{a: {$lt: x}}, {a: x, b: {$lt: y}}]}` (or $gt), into `(a, b) < (x, y)`, which PostgreSQL
// uses as an index bound instead of reading every row before the cursor.
func (b *sqlBuilder) keysetBound(value any) (string, bool) {
	arr, ok := value.(*wirebson.Array)
	if !ok || arr.Len() != 2 {
		return "", false
	}
	first, ok1 := arr.Get(0).(*wirebson.Document)
	second, ok2 := arr.Get(1).(*wirebson.Document)
	if !ok1 || !ok2 || first.Len() != 1 || second.Len() != 2 {
		return "", false
	}
	a := first.FieldNames()[0]
	op, x, ok := singleOperator(first.Get(a))
	if !ok || (op != "$lt" && op != "$gt") || second.FieldNames()[0] != a || !plainField.MatchString(a) {
		return "", false
	}
	bName := second.FieldNames()[1]
	op2, y, ok := singleOperator(second.Get(bName))
	if !ok || op2 != op || !plainField.MatchString(bName) {
		return "", false
	}
	xj, xTypes, ok1 := jsonValue(x)
	eqj, _, ok2 := jsonValue(second.Get(a))
	yj, yTypes, ok3 := jsonValue(y)
	if !ok1 || !ok2 || !ok3 || xj != eqj {
		return "", false
	}
	sqlOp := map[string]string{"$lt": "<", "$gt": ">"}[op]
	return fmt.Sprintf("(ROW(%s, %s) %s ROW(%s::jsonb, %s::jsonb) AND %s IN (%s) AND %s IN (%s))",
		field(a), field(bName), sqlOp, b.arg(xj), b.arg(yj), storedType(a), quoted(xTypes), storedType(bName), quoted(yTypes)), true
}

func singleOperator(v any) (string, any, bool) {
	doc, ok := v.(*wirebson.Document)
	if !ok || doc.Len() != 1 {
		return "", nil, false
	}
	op := doc.FieldNames()[0]
	return op, doc.Get(op), true
}

var comparisons = map[string]string{"$eq": "=", "$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}

func (b *sqlBuilder) fieldCondition(name string, value any) (string, bool) {
	ops, isDoc := value.(*wirebson.Document)
	if !isDoc {
		return b.compare(name, "=", value)
	}
	if ops.Len() == 0 {
		return "", false
	}
	var parts []string
	for _, op := range ops.FieldNames() {
		sqlOp, known := comparisons[op]
		if !known {
			return "", false // an embedded document, or an operator answered by FerretDB
		}
		part, ok := b.compare(name, sqlOp, ops.Get(op))
		if !ok {
			return "", false
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " AND "), true
}

func (b *sqlBuilder) compare(name, sqlOp string, value any) (string, bool) {
	j, types, ok := jsonValue(value)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("(%s %s %s::jsonb AND %s IN (%s))", field(name), sqlOp, b.arg(j), storedType(name), quoted(types)), true
}

func quoted(types []string) string {
	return "'" + strings.Join(types, "','") + "'"
}

// jsonValue is a BSON scalar as FerretDB stores it in jsonb, with the stored types it compares with.
func jsonValue(v any) (string, []string, bool) {
	numeric := []string{"int", "long", "double"}
	switch x := v.(type) {
	case string:
		b, _ := json.Marshal(x)
		return string(b), []string{"string"}, true
	case wirebson.ObjectID:
		return `"` + hex.EncodeToString(x[:]) + `"`, []string{"objectId"}, true
	case bool:
		return strconv.FormatBool(x), []string{"bool"}, true
	case int32:
		return strconv.FormatInt(int64(x), 10), numeric, true
	case int64:
		return strconv.FormatInt(x, 10), numeric, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "", nil, false
		}
		return strconv.FormatFloat(x, 'g', -1, 64), numeric, true
	case time.Time:
		return strconv.FormatInt(x.UnixMilli(), 10), []string{"date"}, true
	}
	return "", nil, false
}

func (s *sqlAnswers) table(ctx context.Context, db, collection string) (string, bool) {
	key := db + "\x00" + collection
	if t, ok := s.tables.Load(key); ok {
		return t.(string), true
	}
	var table string
	q := fmt.Sprintf(`SELECT _jsonb->>'table' FROM %s WHERE _jsonb->'_id' = to_jsonb($1::text)`,
		pgx.Identifier{db, "_ferretdb_database_metadata"}.Sanitize())
	if err := s.pool.QueryRow(ctx, q, collection).Scan(&table); err != nil || table == "" {
		return "", false
	}
	s.tables.Store(key, table)
	return table, true
}

func (p *findPlan) sql(db, table string) (page, missingSortField string) {
	from := pgx.Identifier{db, table}.Sanitize()
	page = fmt.Sprintf("SELECT _jsonb::text FROM %s WHERE %s ORDER BY %s LIMIT %d", from, p.where, p.orderBy, p.limit)
	var missing []string
	for _, f := range p.sortFields {
		if f != "_id" {
			missing = append(missing, field(f)+" IS NULL")
		}
	}
	if len(missing) > 0 {
		missingSortField = fmt.Sprintf("SELECT EXISTS (SELECT 1 FROM %s WHERE %s AND (%s))", from, p.where, strings.Join(missing, " OR "))
	}
	return page, missingSortField
}

// begin opens the read-only snapshot a page is read in. The planner is told to walk an index in
// sort order rather than sort: FerretDB never analyzes its tables, so PostgreSQL's estimates (one
// row) would otherwise pick a bitmap scan of the whole workspace and a sort.
func (s *sqlAnswers) begin(ctx context.Context) (pgx.Tx, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, "SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off"); err != nil {
		tx.Rollback(ctx) //nolint:errcheck // already failing
		return nil, err
	}
	return tx, nil
}

func (s *sqlAnswers) run(ctx context.Context, p *findPlan, table string) (*wirebson.Document, error) {
	pageSQL, missingSQL := p.sql(p.db, table)
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	if missingSQL != "" {
		var missing bool
		if err := tx.QueryRow(ctx, missingSQL, p.args...).Scan(&missing); err != nil || missing {
			return nil, err
		}
	}
	rows, err := tx.Query(ctx, pageSQL, p.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	batch := wirebson.MakeArray(p.limit)
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			return nil, err
		}
		doc, err := decodeStoredDocument([]byte(text))
		if err != nil {
			return nil, err
		}
		if err := batch.Add(doc); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cursor := wirebson.MustDocument("firstBatch", batch, "id", int64(0), "ns", p.db+"."+p.collection)
	return wirebson.MustDocument("cursor", cursor, "ok", float64(1)), nil
}

// explain answers `explain` of a find served here, with the rows PostgreSQL examined as
// executionStats.totalDocsExamined (what the benchmark reports as documents read per page).
func (s *sqlAnswers) explain(ctx context.Context, p *findPlan, table string) (*wirebson.Document, error) {
	pageSQL, _ := p.sql(p.db, table)
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	var planJSON string
	if err := tx.QueryRow(ctx, "EXPLAIN (ANALYZE, FORMAT JSON) "+pageSQL, p.args...).Scan(&planJSON); err != nil {
		return nil, err
	}
	var plans []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(planJSON), &plans); err != nil || len(plans) != 1 {
		return nil, fmt.Errorf("explain: %v", err)
	}
	examined, returned := plans[0].Plan.examined(), plans[0].Plan.ActualRows
	planner := wirebson.MustDocument("devdbSortedPage", true, "sql", pageSQL, "plan", plans[0].Plan.NodeType)
	stats := wirebson.MustDocument("nReturned", int64(returned), "totalDocsExamined", int64(examined))
	return wirebson.MustDocument("queryPlanner", planner, "executionStats", stats, "ok", float64(1)), nil
}

type planNode struct {
	NodeType            string     `json:"Node Type"`
	ActualRows          float64    `json:"Actual Rows"`
	ActualLoops         float64    `json:"Actual Loops"`
	RowsRemovedByFilter float64    `json:"Rows Removed by Filter"`
	Plans               []planNode `json:"Plans"`
}

// examined sums the rows every table scan node read (returned or filtered out).
func (n planNode) examined() float64 {
	total := 0.0
	if strings.HasSuffix(n.NodeType, "Scan") && n.NodeType != "Bitmap Index Scan" {
		total += (n.ActualRows + n.RowsRemovedByFilter) * math.Max(n.ActualLoops, 1)
	}
	for _, c := range n.Plans {
		total += c.examined()
	}
	return total
}

// debugRelayed logs a command relayed to FerretDB. Its text is built only when DEVDB_DEBUG is
// set: rendering every command cost 5 % of the dev database's CPU under a stream of updates.
func debugRelayed(cmd *wirebson.Document) {
	if debugFront {
		logf("relayed: %s", wirebson.LogMessage(cmd))
	}
}
