// defuse's own JSON and NDJSON (docs/transcript.schema.json, docs/formats.md):
//
//   {"id": "c-1001", "agent": "Maria", "customer": "John", "channel": "chat", "lang": "en",
//    "started_at": "2026-11-03T14:05:10Z", "metadata": {"queue": "billing"},
//    "turns": [{"speaker": "agent", "text": "Hello, this is Maria.", "ts": "2026-11-03T14:05:10Z"},
//              {"role": "customer", "name": "John", "text": "I was charged twice.", "offset_ms": 5000}]}
//
// JSON: one such object per file (or an array of them). NDJSON: one object per line. Either
// may instead hold an Amazon Contact Lens / Transcribe object (contact_lens_reader.h): the
// keys decide. Parsing uses simdjson's DOM parser, whose depth limit (1024) turns absurdly
// nested input into an error instead of a stack overflow.
#pragma once

#include <simdjson.h>

#include <string>

#include "read/format.h"
#include "read/mapping.h"
#include "read/reader.h"

namespace defuse {

/// Reads a whole JSON document from `input`. `format` is "json" (the keys decide between
/// defuse's own object and Amazon output) or "contact-lens" (Amazon output required).
void read_json(const InputBuffer& input, const std::string& format, const ReadOptions& options,
               const Mapping* mapping, ReadSink& sink);

/// Reads NDJSON: one conversation object per line; blank lines are skipped. A malformed
/// record is reported as `path:line: ...` and the next line is read. Each transcript's
/// source is "path:line" and its first_line that line.
void read_ndjson(const std::string& path, LineSource& lines, const ReadOptions& options, const Mapping* mapping,
                 ReadSink& sink);

/// Fills `t` from one defuse conversation object; fields the object lacks keep the values
/// `t` came with. Each turn's line is t.first_line (0 for a whole document). Returns false
/// with `error` (no "path:line:" prefix) when malformed. `json_bytes`, the size of the
/// object's JSON when known, bounds the turn texts' size: their buffer is sized once.
bool json_transcript(simdjson::dom::object object, const ReadOptions& options, const Mapping* mapping,
                     Transcript& t, std::string& error, std::size_t json_bytes = 0);

}  // namespace defuse
