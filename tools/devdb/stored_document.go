package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/FerretDB/wire/wirebson"
)

// FerretDB v1 stores a document in PostgreSQL as jsonb: the values as JSON and, under "$s", a
// schema giving each value's BSON type and the field order. decodeStoredDocument reads that format
// back into BSON for the sorted pages answered by devdb (sorted_pages.go).
type storedSchema struct {
	Properties map[string]*storedElem `json:"p"`
	Keys       []string               `json:"$k"`
}

type storedElem struct {
	Type    string        `json:"t"`
	Schema  *storedSchema `json:"$s"`
	Options *string       `json:"o"`
	Items   []*storedElem `json:"i"`
	Subtype *byte         `json:"s"`
}

func decodeStoredDocument(text []byte) (*wirebson.Document, error) {
	var top map[string]json.RawMessage
	if err := unmarshalNumbers(text, &top); err != nil {
		return nil, err
	}
	var sch storedSchema
	if raw, ok := top["$s"]; ok {
		if err := json.Unmarshal(raw, &sch); err != nil {
			return nil, err
		}
		delete(top, "$s")
	}
	return decodeObject(top, &sch)
}

func unmarshalNumbers(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(v)
}

func decodeObject(values map[string]json.RawMessage, sch *storedSchema) (*wirebson.Document, error) {
	if len(values) != len(sch.Keys) {
		return nil, fmt.Errorf("stored document: %d values, %d keys in its schema", len(values), len(sch.Keys))
	}
	doc := wirebson.MakeDocument(len(sch.Keys))
	for _, k := range sch.Keys {
		raw, ok := values[k]
		if !ok {
			return nil, fmt.Errorf("stored document: no value for %q", k)
		}
		v, err := decodeValue(raw, sch.Properties[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if err := doc.Add(k, v); err != nil {
			return nil, err
		}
	}
	return doc, nil
}

func decodeValue(raw json.RawMessage, el *storedElem) (any, error) {
	if bytes.Equal(raw, []byte("null")) {
		return wirebson.Null, nil
	}
	if el == nil {
		return nil, fmt.Errorf("stored value without a type")
	}
	switch el.Type {
	case "object":
		var values map[string]json.RawMessage
		if err := json.Unmarshal(raw, &values); err != nil {
			return nil, err
		}
		sch := el.Schema
		if sch == nil {
			sch = &storedSchema{}
		}
		return decodeObject(values, sch)
	case "array":
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		if len(items) != len(el.Items) {
			return nil, fmt.Errorf("stored array: %d values, %d types", len(items), len(el.Items))
		}
		arr := wirebson.MakeArray(len(items))
		for i, item := range items {
			v, err := decodeValue(item, el.Items[i])
			if err != nil {
				return nil, err
			}
			if err := arr.Add(v); err != nil {
				return nil, err
			}
		}
		return arr, nil
	case "string":
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case "objectId":
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != 12 {
			return nil, fmt.Errorf("stored ObjectId %q", s)
		}
		return wirebson.ObjectID(b), nil
	case "bool":
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	case "date":
		ms, err := strconv.ParseInt(string(raw), 10, 64)
		return time.UnixMilli(ms).UTC(), err
	case "int":
		n, err := strconv.ParseInt(string(raw), 10, 32)
		return int32(n), err
	case "long":
		n, err := strconv.ParseInt(string(raw), 10, 64)
		return n, err
	case "double":
		return strconv.ParseFloat(string(raw), 64)
	case "timestamp":
		n, err := strconv.ParseUint(string(raw), 10, 64)
		return wirebson.Timestamp(n), err
	case "binData":
		var b []byte
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, err
		}
		var subtype byte
		if el.Subtype != nil {
			subtype = *el.Subtype
		}
		return wirebson.Binary{B: b, Subtype: wirebson.BinarySubtype(subtype)}, nil
	case "regex":
		var pattern string
		if err := json.Unmarshal(raw, &pattern); err != nil {
			return nil, err
		}
		options := ""
		if el.Options != nil {
			options = *el.Options
		}
		return wirebson.Regex{Pattern: pattern, Options: options}, nil
	}
	return nil, fmt.Errorf("stored type %q", el.Type)
}
