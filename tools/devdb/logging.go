package main

import (
	"context"
	"log/slog"
	"os"
)

// newFerretLogger logs FerretDB's errors and panics to stderr. Warn level would dump every failed
// command (a duplicate key, an unsupported option), which tests do on purpose.
func newFerretLogger() *slog.Logger {
	return slog.New(withoutQueryErrors{slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})})
}

// withoutQueryErrors drops the PostgreSQL driver's record of each failed SQL statement (message
// "Query"): the MongoDB client already receives that error as the command's reply.
type withoutQueryErrors struct{ slog.Handler }

func (h withoutQueryErrors) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "Query" {
		return nil
	}
	return h.Handler.Handle(ctx, r)
}

func (h withoutQueryErrors) WithAttrs(attrs []slog.Attr) slog.Handler {
	return withoutQueryErrors{h.Handler.WithAttrs(attrs)}
}

func (h withoutQueryErrors) WithGroup(name string) slog.Handler {
	return withoutQueryErrors{h.Handler.WithGroup(name)}
}
