package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/FerretDB/wire/wirebson"
	"github.com/jackc/pgx/v5"
)

// Conditional updates: the one-document `updateOne` of the project's write protocol
// (src/server/db/claims.ts), `{_id, …equalities}` ← `{$set: {…}, $inc: {version: 1}}`, answered by
// one SQL `UPDATE … WHERE` of FerretDB's stored document instead of FerretDB's read, decode,
// re-encode and rewrite in a transaction of its own (two thirds of the dev database's CPU under the
// status poller's stream of updates; docs/devdb.md).
//
// devdb answers only an update it applied: the statement's WHERE holds the filter and every
// precondition, and zero rows affected (no match, a lost race, a field that does not exist yet, a
// type that would change under $inc, an int32 that would overflow) or any SQL error (a unique index
// violated) relays the command to FerretDB, which answers it as always. It takes:
//   - one statement, no upsert, multi, arrayFilters, hint or collation; no write concern or transaction;
//   - a filter of top-level equalities to scalars that includes `_id` (so one row at most), compared
//     with their stored type's class as the sorted pages are;
//   - `$set` of top-level fields the document already has (the stored field order is unchanged) to
//     values FerretDB stores as JSON (strings, numbers, booleans, null, dates, ObjectIds, and objects
//     and arrays of them), and a non-empty `$inc` of int32/int64 on int or long fields, so every
//     answered update modifies its document (n = nModified = 1).

// Keys an update command may carry and still be answered here.
var updateKeys = map[string]bool{"update": true, "updates": true, "ordered": true, "lsid": true, "$db": true, "$clusterTime": true}

var statementKeys = map[string]bool{"q": true, "u": true, "multi": true, "upsert": true}

type updatePlan struct {
	db, collection string
	where          string
	set            string
	args           []any
}

func (s *sqlAnswers) answerUpdate(ctx context.Context, cmd *wirebson.Document) []byte {
	plan := planUpdate(cmd)
	table := ""
	if plan != nil {
		table, _ = s.table(ctx, plan.db, plan.collection) // "" for a collection not created yet
	}
	if table == "" {
		debugRelayed(cmd)
		return nil
	}
	q := fmt.Sprintf("UPDATE %s SET _jsonb = %s WHERE %s", pgx.Identifier{plan.db, table}.Sanitize(), plan.set, plan.where)
	tag, err := s.pool.Exec(ctx, q, plan.args...)
	if err != nil || tag.RowsAffected() != 1 {
		debugf("update relayed after SQL: %v", err)
		return nil
	}
	out, err := wirebson.MustDocument("n", int32(1), "nModified", int32(1), "ok", float64(1), "devdbConditionalUpdate", true).Encode()
	if err != nil {
		return nil
	}
	return out
}

func planUpdate(cmd *wirebson.Document) *updatePlan {
	p := &updatePlan{}
	var ok bool
	if p.db, p.collection, ok = namespace(cmd, updateKeys); !ok {
		return nil
	}
	updates, ok := cmd.Get("updates").(*wirebson.Array)
	if !ok || updates.Len() != 1 {
		return nil
	}
	st, ok := updates.Get(0).(*wirebson.Document)
	if !ok {
		return nil
	}
	for _, k := range st.FieldNames() {
		if !statementKeys[k] {
			return nil
		}
	}
	if st.Get("multi") == true || st.Get("upsert") == true {
		return nil
	}
	filter, ok1 := st.Get("q").(*wirebson.Document)
	update, ok2 := st.Get("u").(*wirebson.Document)
	if !ok1 || !ok2 {
		return nil
	}
	b := &sqlBuilder{}
	where, ok := b.pinnedFilter(filter)
	if !ok {
		return nil
	}
	set, pre, ok := b.setAndIncrement(update)
	if !ok {
		return nil
	}
	p.where, p.set, p.args = where+" AND "+pre, set, b.args
	return p
}

// pinnedFilter is the filter's equalities, `_id` among them.
func (b *sqlBuilder) pinnedFilter(filter *wirebson.Document) (string, bool) {
	if filter.Get("_id") == nil {
		return "", false
	}
	parts := make([]string, 0, filter.Len())
	for _, name := range filter.FieldNames() {
		if !plainField.MatchString(name) {
			return "", false
		}
		part, ok := b.compare(name, "=", filter.Get(name))
		if !ok {
			return "", false
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " AND "), true
}

// setAndIncrement is the new stored document's expression and the preconditions under which it is
// what FerretDB would store: the values merged over the old ones, their types over the old types.
func (b *sqlBuilder) setAndIncrement(update *wirebson.Document) (string, string, bool) {
	if update.Len() != 2 {
		return "", "", false
	}
	sets, ok1 := update.Get("$set").(*wirebson.Document)
	incs, ok2 := update.Get("$inc").(*wirebson.Document)
	if !ok1 || !ok2 || sets.Len() == 0 || incs.Len() == 0 {
		return "", "", false
	}
	if !distinct(sets.FieldNames()) || !distinct(incs.FieldNames()) {
		return "", "", false
	}
	var values, types, pre, increments []string
	for _, name := range sets.FieldNames() {
		if name == "_id" || !plainField.MatchString(name) || incs.Get(name) != nil {
			return "", "", false
		}
		value, elem, ok := storedValue(sets.Get(name), 0)
		if !ok {
			return "", "", false
		}
		values = append(values, jsonKey(name)+":"+value)
		types = append(types, jsonKey(name)+":"+elem)
		pre = append(pre, fmt.Sprintf("(_jsonb->'$s'->'p') ? %s", b.arg(name)))
	}
	for _, name := range incs.FieldNames() {
		if name == "_id" || !plainField.MatchString(name) {
			return "", "", false
		}
		var by int64
		types := "'int','long'"
		switch n := incs.Get(name).(type) {
		case int32:
			by = int64(n)
		case int64:
			by, types = n, "'long'" // an int64 added to an int makes a long: FerretDB's to do
		default:
			return "", "", false
		}
		if by == 0 {
			return "", "", false
		}
		sum := fmt.Sprintf("((_jsonb->>'%s')::numeric + %d)", name, by)
		pre = append(pre, fmt.Sprintf("%s IN (%s)", storedType(name), types),
			fmt.Sprintf("%s BETWEEN (CASE %s WHEN 'int' THEN %d ELSE %d END) AND (CASE %s WHEN 'int' THEN %d ELSE %d END)",
				sum, storedType(name), math.MinInt32, int64(math.MinInt64), storedType(name), math.MaxInt32, int64(math.MaxInt64)))
		increments = append(increments, fmt.Sprintf("'%s', to_jsonb(%s)", name, sum))
	}
	merged := fmt.Sprintf("(_jsonb || %s::jsonb || jsonb_build_object(%s))", b.arg("{"+strings.Join(values, ",")+"}"), strings.Join(increments, ", "))
	set := fmt.Sprintf("jsonb_set(%s, '{$s,p}', (_jsonb->'$s'->'p') || %s::jsonb)", merged, b.arg("{"+strings.Join(types, ",")+"}"))
	return set, "(" + strings.Join(pre, " AND ") + ")", true
}

// distinct: BSON allows a name twice in a document, JSON objects keep one.
func distinct(names []string) bool {
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		if seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}

func jsonKey(name string) string {
	k, _ := json.Marshal(name)
	return string(k)
}

// maxStoredDepth bounds nesting; deeper values are left to FerretDB.
const maxStoredDepth = 20

// storedValue is a BSON value as FerretDB v1 stores it (internal/handler/sjson): its JSON and its
// schema element. Types stored otherwise (timestamps, binary, regexes, non-finite doubles) are not
// taken.
func storedValue(v any, depth int) (string, string, bool) {
	if depth > maxStoredDepth {
		return "", "", false
	}
	switch x := v.(type) {
	case string:
		j, _ := json.Marshal(x)
		return string(j), `{"t":"string"}`, true
	case wirebson.ObjectID:
		return `"` + hex.EncodeToString(x[:]) + `"`, `{"t":"objectId"}`, true
	case bool:
		return strconv.FormatBool(x), `{"t":"bool"}`, true
	case wirebson.NullType:
		return "null", `{"t":"null"}`, true
	case int32:
		return strconv.FormatInt(int64(x), 10), `{"t":"int"}`, true
	case int64:
		return strconv.FormatInt(x, 10), `{"t":"long"}`, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || (x == 0 && math.Signbit(x)) {
			return "", "", false
		}
		j, _ := json.Marshal(x)
		return string(j), `{"t":"double"}`, true
	case time.Time:
		return strconv.FormatInt(x.UnixMilli(), 10), `{"t":"date"}`, true
	case *wirebson.Document:
		if x.Len() == 0 {
			return "{}", `{"t":"object","$s":{}}`, true
		}
		if !distinct(x.FieldNames()) {
			return "", "", false
		}
		var values, props []string
		for _, k := range x.FieldNames() {
			if !plainField.MatchString(k) {
				return "", "", false
			}
			value, elem, ok := storedValue(x.Get(k), depth+1)
			if !ok {
				return "", "", false
			}
			values = append(values, jsonKey(k)+":"+value)
			props = append(props, jsonKey(k)+":"+elem)
		}
		keys, _ := json.Marshal(x.FieldNames())
		return "{" + strings.Join(values, ",") + "}", `{"t":"object","$s":{"p":{` + strings.Join(props, ",") + `},"$k":` + string(keys) + `}}`, true
	case *wirebson.Array:
		values := make([]string, x.Len())
		elems := make([]string, x.Len())
		for i := range x.Len() {
			var ok bool
			if values[i], elems[i], ok = storedValue(x.Get(i), depth+1); !ok {
				return "", "", false
			}
		}
		return "[" + strings.Join(values, ",") + "]", `{"t":"array","i":[` + strings.Join(elems, ",") + `]}`, true
	}
	return "", "", false
}
