#include "read/csv_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>

#include "normalize/fold.h"
#include "read/plain_text.h"
#include "read/timestamp.h"

namespace defuse {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Column names tried for each field, best first (normalize_header form). English, then
// Spanish and Russian, since ';' exports come from Spanish and Russian Excel.
struct FieldNames {
  const char* field;
  std::vector<std::string_view> names;
};
const std::vector<FieldNames>& default_names() {
  static const std::vector<FieldNames> names = {
      {"id", {"conversation_id", "conversationid", "ticket_id", "ticketid", "chat_id", "case_id", "call_id",
              "contact_id", "session_id", "thread_id", "dialog_id", "dialogue_id", "conversation", "ticket", "chat",
              "case", "id", "id_conversacion", "conversacion", "id_ticket", "caso", "id_диалога", "диалог",
              "id_обращения", "номер_обращения", "обращение", "тикет"}},
      {"timestamp", {"timestamp", "time", "created_at", "date", "datetime", "date_time", "created", "sent_at",
                     "ts", "fecha_hora", "fecha", "hora", "дата_время", "дата", "время"}},
      {"role", {"role", "speaker_role", "author_role", "sender_role", "sender_type", "author_type", "user_type",
                "participant_role", "direction", "inbound", "outbound", "is_agent", "is_customer", "rol", "роль"}},
      {"speaker", {"speaker", "speaker_name", "author", "author_name", "author_id", "sender", "sender_name", "from",
                   "name", "user", "username", "participant", "hablante", "autor", "remitente", "de", "автор",
                   "отправитель", "говорящий", "собеседник", "от"}},
      {"text", {"text", "message", "body", "content", "utterance", "transcript", "msg", "message_text", "comment",
                "texto", "mensaje", "contenido", "comentario", "текст", "сообщение", "реплика", "содержание"}},
      {"agent", {"agent", "agent_name", "agent_id", "assignee", "operator", "agente", "asesor", "оператор", "агент",
                 "сотрудник"}},
      {"customer", {"customer", "customer_name", "client", "requester", "cliente", "клиент"}},
      {"channel", {"channel", "canal", "канал"}},
      {"lang", {"lang", "language", "idioma", "язык"}},
  };
  return names;
}

struct Columns {
  int id = -1, timestamp = -1, role = -1, speaker = -1, text = -1, agent = -1, customer = -1, channel = -1, lang = -1;
  bool role_is_inbound = false;   // "inbound"/"is_customer": true means the customer wrote it
  bool role_is_outbound = false;  // "outbound"/"is_agent": true means the agent did
  std::size_t width = 0;          // fields in the header
  int last_used = -1;             // highest column index read

  int* slot(std::string_view field) {
    if (field == "id") return &id;
    if (field == "timestamp") return &timestamp;
    if (field == "role") return &role;
    if (field == "speaker") return &speaker;
    if (field == "text") return &text;
    if (field == "agent") return &agent;
    if (field == "customer") return &customer;
    if (field == "channel") return &channel;
    return &lang;
  }
};

std::string list_headers(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& h : header) {
    if (!out.empty()) out += ", ";
    out += h.empty() ? "(empty)" : h;
  }
  return out;
}

// Finds each field's column: the mapping's names first, then the default names.
bool resolve_columns(const std::vector<std::string>& header, const Mapping* mapping, Columns& columns,
                     std::string& error) {
  std::vector<std::string> normalized;
  for (const auto& h : header) normalized.push_back(normalize_header(h));
  auto find = [&](std::string_view name) -> int {
    auto it = std::find(normalized.begin(), normalized.end(), name);
    return it == normalized.end() ? -1 : static_cast<int>(it - normalized.begin());
  };
  std::vector<bool> taken(header.size(), false);
  if (mapping) {
    for (const auto& [field, name] : mapping->columns) {
      int at = find(normalize_header(name));
      if (at < 0) {
        error = fmt::format("column '{}' (the {} column in {}) is not in the header: {}", name, field, mapping->path,
                            list_headers(header));
        return false;
      }
      *columns.slot(field) = at;
      taken[static_cast<std::size_t>(at)] = true;
    }
  }
  for (const auto& f : default_names()) {
    int* slot = columns.slot(f.field);
    if (*slot >= 0) continue;
    for (std::string_view name : f.names) {
      int at = find(name);
      if (at >= 0 && !taken[static_cast<std::size_t>(at)]) {
        *slot = at;
        taken[static_cast<std::size_t>(at)] = true;
        break;
      }
    }
  }
  if (columns.text < 0) {
    error = fmt::format("no text column among: {} (expected text, message, body, content or utterance; or name it in "
                        "a --mapping file: 'columns: {{text: ...}}')",
                        list_headers(header));
    return false;
  }
  if (columns.role < 0 && columns.speaker < 0) {
    error = fmt::format("no speaker column among: {} (expected speaker, role, author, sender or from; or name it in "
                        "a --mapping file: 'columns: {{speaker: ...}}')",
                        list_headers(header));
    return false;
  }
  if (columns.role >= 0) {
    const std::string& name = normalized[static_cast<std::size_t>(columns.role)];
    columns.role_is_inbound = name == "inbound" || name == "is_customer" || name == "from_customer" || name == "incoming";
    columns.role_is_outbound = name == "outbound" || name == "is_agent" || name == "from_agent" || name == "is_staff";
  }
  columns.width = header.size();
  for (int c : {columns.id, columns.timestamp, columns.role, columns.speaker, columns.text, columns.agent,
                columns.customer, columns.channel, columns.lang})
    columns.last_used = std::max(columns.last_used, c);
  return true;
}

std::optional<bool> truth(std::string_view value) {
  std::string v = fold(trim(value));
  if (v == "true" || v == "1" || v == "yes" || v == "y" || v == "t" || v == "si" || v == "да") return true;
  if (v == "false" || v == "0" || v == "no" || v == "n" || v == "f" || v == "нет") return false;
  return std::nullopt;
}

// One valid row, viewing into the parser's fields.
struct Row {
  int line = 0;
  std::string_view id, role, speaker, text, agent, customer, channel, lang, time_text;
  std::optional<std::int64_t> ms;
};

std::string_view cell(const std::vector<std::string>& fields, int column) {
  return column >= 0 && static_cast<std::size_t>(column) < fields.size() ? trim(fields[static_cast<std::size_t>(column)])
                                                                          : std::string_view{};
}

// Checks one record; the same checks in both passes, so both agree on which rows count.
bool parse_row(const std::vector<std::string>& fields, const Columns& columns, int line, Row& row,
               std::string& error) {
  if (fields.size() > columns.width) {
    error = fmt::format("row has {} fields, the header has {} (an unquoted separator in the text?); row skipped",
                        fields.size(), columns.width);
    return false;
  }
  if (static_cast<int>(fields.size()) <= columns.last_used) {
    error = fmt::format("row has {} fields, the header has {}; row skipped", fields.size(), columns.width);
    return false;
  }
  for (const auto& f : fields) {
    if (f.find('\0') != std::string::npos) {
      error = "binary data (a NUL byte); row skipped";
      return false;
    }
    if (!simdjson::validate_utf8(f.data(), f.size())) {
      error = "invalid UTF-8 (an Excel export in a legacy code page? save it as 'CSV UTF-8' or convert it with "
              "iconv -f CP1252 -t UTF-8); row skipped";
      return false;
    }
  }
  row.line = line;
  row.id = cell(fields, columns.id);
  row.role = cell(fields, columns.role);
  row.speaker = cell(fields, columns.speaker);
  row.text = cell(fields, columns.text);
  row.agent = cell(fields, columns.agent);
  row.customer = cell(fields, columns.customer);
  row.channel = cell(fields, columns.channel);
  row.lang = cell(fields, columns.lang);
  row.time_text = cell(fields, columns.timestamp);
  if (columns.id >= 0 && row.id.empty()) {
    error = "empty conversation id; row skipped";
    return false;
  }
  row.ms.reset();
  if (!row.time_text.empty()) {
    row.ms = parse_csv_time(row.time_text);
    if (!row.ms) {
      error = fmt::format("cannot read the time '{}' (expected e.g. 2026-11-03 14:05:10, 03.11.2026 14:05 or Unix "
                          "seconds); row skipped",
                          row.time_text.substr(0, 40));
      return false;
    }
  }
  return true;
}

// A conversation being gathered.
struct Pending {
  Transcript t;
  TurnTexts texts;             // parallel to t.turns
  std::size_t remaining = 0;   // rows still to come (two-pass reading); 0 = unknown
  bool complete = false;
  bool failed = false;         // reported already (too many turns): drop silently from here
  bool channel_from_row = false;
};

class CsvReader {
 public:
  CsvReader(const std::string& path, const ReadOptions& options, const Mapping* mapping, ReadSink& sink)
      : path_(path), options_(options), mapping_(mapping), sink_(sink), resolver_(options, mapping) {}

  void run(LineSource& lines) {
    // A file can be read twice: count the rows of each conversation first, so each one is
    // sent as soon as its last row has been read.
    bool two_pass = lines.rewind();
    std::unordered_map<std::string, std::size_t> counts;
    if (two_pass) {
      if (!read_header(lines, /*report=*/true)) return;
      if (columns_.id >= 0) {
        for_each_row(lines, /*report=*/false, [&](const Row& row) { ++counts[std::string(row.id)]; });
      }
      if (!lines.error().empty()) {
        sink_.error({path_, 0, lines.error()});
        return;
      }
      if (!lines.rewind()) two_pass = false;  // cannot happen for a file; read once then
      if (!read_header(lines, /*report=*/false)) return;
    } else if (!read_header(lines, /*report=*/true)) {
      return;
    }
    bool any_row = false;
    for_each_row(lines, /*report=*/true, [&](const Row& row) {
      any_row = true;
      add_row(row, two_pass && columns_.id >= 0 ? &counts : nullptr);
    });
    if (!lines.error().empty()) sink_.error({path_, 0, lines.error()});
    for (auto& p : queue_) p.complete = true;
    flush();
    if (!any_row && lines.error().empty() && !had_row_error_)
      sink_.error({path_, header_line_, "the header has no rows under it"});
  }

 private:
  const std::string& path_;
  const ReadOptions& options_;
  const Mapping* mapping_;
  ReadSink& sink_;
  RoleResolver resolver_;
  Columns columns_;
  char separator_ = ',';
  int header_line_ = 1;
  bool had_row_error_ = false;
  std::deque<Pending> queue_;                              // first-appearance order
  std::unordered_map<std::string, Pending*> open_;         // id -> its entry in queue_

  // Reads the header (after Excel's "sep=;" line, if any). False when reading cannot go on.
  bool read_header(LineSource& lines, bool report) {
    SourceLine line;
    columns_ = Columns{};
    separator_ = mapping_ && mapping_->separator ? mapping_->separator : 0;
    while (lines.next(line)) {
      if (line.too_long) {
        if (report) sink_.error({path_, line.number, "header line is too long (raise --max-line-length)"});
        return false;
      }
      std::string_view text = line.text;
      if (line.number == 1 && text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      if (trim(text).empty()) continue;
      if (!separator_ && text.size() == 5 && text.substr(0, 4) == "sep=") {
        separator_ = text[4];
        continue;
      }
      if (!separator_) {
        separator_ = path_.size() > 4 && fold(path_.substr(path_.size() - 4)) == ".tsv" ? '\t' : detect_separator(text);
      }
      header_line_ = line.number;
      CsvParser parser(separator_);
      if (!parser.feed(text)) {
        if (report) sink_.error({path_, line.number, "the header has an unterminated quote"});
        return false;
      }
      std::vector<std::string> header = parser.fields();
      std::string error;
      if (!resolve_columns(header, mapping_, columns_, error)) {
        if (report) sink_.error({path_, line.number, error});
        return false;
      }
      return true;
    }
    if (report) sink_.error({path_, 0, lines.error().empty() ? "empty file" : lines.error()});
    return false;
  }

  template <typename Fn>
  void for_each_row(LineSource& lines, bool report, Fn&& on_row) {
    CsvParser parser(separator_);
    SourceLine line;
    int record_line = 0;
    Row row;
    std::string error;
    auto fail = [&](int at, std::string message) {
      if (!report) return;
      had_row_error_ = true;
      sink_.error({path_, at, std::move(message)});
    };
    while (lines.next(line)) {
      if (line.too_long) {
        parser.reset();
        fail(line.number, fmt::format("line is longer than {} bytes (raise --max-line-length); skipped",
                                      options_.limits.max_line_bytes));
        continue;
      }
      if (!parser.open()) {
        if (trim(line.text).empty()) continue;  // blank lines between rows
        record_line = line.number;
      }
      if (!parser.feed(line.text)) {
        if (parser.record_bytes() > options_.limits.max_line_bytes) {
          parser.reset();
          fail(record_line, fmt::format("row is longer than {} bytes (an unterminated quote?); skipped",
                                        options_.limits.max_line_bytes));
        }
        continue;
      }
      if (parse_row(parser.fields(), columns_, record_line, row, error)) on_row(row);
      else fail(record_line, error);
    }
    if (parser.open()) fail(record_line, "unterminated quoted field: the quote opened in this row never closes");
  }

  void add_row(const Row& row, std::unordered_map<std::string, std::size_t>* counts) {
    std::string id = columns_.id >= 0 ? std::string(row.id) : std::string();
    Pending* p;
    if (auto it = open_.find(id); it != open_.end()) {
      p = it->second;
    } else {
      queue_.emplace_back();
      p = &queue_.back();
      open_.emplace(id, p);
      p->t.id = columns_.id >= 0 ? id : default_id(path_);
      p->t.source = fmt::format("{}:{}", path_, row.line);
      p->t.first_line = row.line;
      p->t.started_at = std::string(row.time_text);
      p->t.channel = mapping_ ? mapping_->channel : "";
      p->t.lang = options_.lang;
      if (counts) {
        auto c = counts->find(id);
        p->remaining = c == counts->end() ? 0 : c->second;
      }
    }
    add_turn(*p, row);
    if (p->remaining > 0 && --p->remaining == 0) {
      p->complete = true;
      open_.erase(id);
      flush();
    }
  }

  void add_turn(Pending& p, const Row& row) {
    Transcript& t = p.t;
    if (p.failed) return;
    if (t.agent.empty() && !row.agent.empty()) t.agent = std::string(row.agent);
    if (t.customer.empty() && !row.customer.empty()) t.customer = std::string(row.customer);
    if (!p.channel_from_row && !row.channel.empty()) {  // the export's own channel beats the mapping's default
      t.channel = normalize_channel(row.channel);
      p.channel_from_row = true;
    }
    if (t.lang.empty() && !row.lang.empty()) t.lang = normalize_lang(row.lang);
    if (t.turns.size() >= options_.limits.max_turns) {
      p.failed = true;
      had_row_error_ = true;
      sink_.error({path_, row.line, fmt::format("conversation '{}' has more than {} turns (raise --max-turns); skipped",
                                                t.id, options_.limits.max_turns)});
      return;
    }
    std::optional<Role> role;
    std::string name;
    std::string_view agent = row.agent.empty() ? std::string_view(t.agent) : row.agent;
    if (!row.role.empty()) {
      if (mapping_) {
        if (auto it = mapping_->values.find(fold(row.role)); it != mapping_->values.end()) role = it->second;
      }
      if (!role && (columns_.role_is_inbound || columns_.role_is_outbound)) {
        if (auto yes = truth(row.role))
          role = (*yes == columns_.role_is_inbound) ? Role::customer : Role::agent;
      }
      if (!role) role = resolver_.classify_label(row.role, agent, t.customer, name);
      if (!role) role = Role::other;  // a role column value we do not score: bot, system
      name.clear();
    }
    if (!row.speaker.empty()) {
      std::string speaker_name;
      auto by_speaker = resolver_.classify_label(row.speaker, agent, t.customer, speaker_name);
      if (!role) role = by_speaker;
      name = speaker_name.empty() && !by_speaker ? std::string(row.speaker) : speaker_name;
    }
    Turn turn;
    turn.role = role.value_or(Role::other);
    turn.speaker = std::move(name);
    if (turn.speaker.empty() && turn.role == Role::agent && !row.agent.empty()) turn.speaker = std::string(row.agent);
    p.texts.add(row.text);
    turn.start_ms = row.ms;
    turn.line = row.line;
    turn.role_known = role.has_value();
    t.turns.push_back(std::move(turn));
  }

  // Sends finished conversations from the front of the queue, keeping first-appearance order.
  void flush() {
    while (!queue_.empty() && queue_.front().complete) {
      Pending& p = queue_.front();
      if (!p.failed) {
        p.texts.attach(p.t);
        infer_unknown_roles(p.t);
        finish_transcript(std::move(p.t), options_, sink_);
      }
      queue_.pop_front();
    }
    if (queue_.empty()) open_.clear();
  }
};

int month_number(std::string_view name) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::string head;
  for (std::size_t i = 0; i < 3; ++i) head += static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  for (int m = 0; m < 12; ++m)
    if (head == kMonths[m]) return m + 1;
  return 0;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (v > 100000000) return v;  // no real date part; stop before int overflows (fuzzing found it)
    v = v * 10 + (c - '0');
  }
  return v;
}

// Builds "YYYY-MM-DDTHH:MM:SS" and lets parse_timestamp do the calendar arithmetic.
std::optional<std::int64_t> from_parts(int y, int m, int d, std::string_view clock, std::string_view ampm,
                                       std::string_view zone) {
  if (y < 100) y += 2000;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  std::string iso = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  std::int64_t extra = 0;
  if (!clock.empty()) {
    std::size_t used = 0;
    auto ms = parse_leading_timestamp(clock, used);
    if (!ms || used != clock.size()) return std::nullopt;
    std::string a = fold(ampm);
    std::int64_t hours = *ms / 3600000;
    if (a == "pm" && hours < 12) extra += 12 * 3600000LL;
    if (a == "am" && hours == 12) extra -= 12 * 3600000LL;
    extra += *ms;
  }
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && all_digits(zone.substr(1))) {
    std::int64_t offset = (to_int(zone.substr(1, 2)) * 60LL + to_int(zone.substr(3, 2))) * 60000;
    extra += zone[0] == '+' ? -offset : offset;
  }
  auto day = parse_timestamp(iso);
  if (!day) return std::nullopt;
  return *day + extra;
}

}  // namespace

bool CsvParser::feed(std::string_view line) {
  if (!open_) {
    count_ = 0;
    record_bytes_ = 0;
    state_ = State::field_start;
    if (fields_.empty()) fields_.emplace_back();
    fields_[0].clear();
    count_ = 1;
  } else {
    fields_[count_ - 1] += '\n';  // a line break inside a quoted field
  }
  record_bytes_ += line.size() + 1;
  auto next_field = [&] {
    if (count_ == fields_.size()) fields_.emplace_back();
    fields_[count_++].clear();
    state_ = State::field_start;
  };
  for (char c : line) {
    std::string& field = fields_[count_ - 1];
    switch (state_) {
      case State::field_start:
        if (c == '"') state_ = State::quoted;
        else if (c == separator_) next_field();
        else field += c, state_ = State::unquoted;
        break;
      case State::unquoted:
        if (c == separator_) next_field();
        else field += c;  // a quote inside an unquoted field is literal: 5" screen
        break;
      case State::quoted:
        if (c == '"') state_ = State::quote_in_quoted;
        else field += c;
        break;
      case State::quote_in_quoted:
        if (c == '"') field += '"', state_ = State::quoted;
        else if (c == separator_) next_field();
        else field += c, state_ = State::unquoted;  // "abc"def: lenient, as spreadsheets are
        break;
    }
  }
  open_ = state_ == State::quoted;
  if (open_) return false;
  fields_.resize(std::max<std::size_t>(count_, 1));
  return true;
}

bool looks_like_csv_header(std::string_view line) {
  if (line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  CsvParser parser(detect_separator(line));
  if (!parser.feed(line) || parser.fields().size() < 2) return false;
  Columns columns;
  std::string error;
  return resolve_columns(parser.fields(), nullptr, columns, error);
}

char detect_separator(std::string_view header) {
  char best = ',';
  std::size_t best_count = 1;
  for (char sep : {',', '\t', ';', '|'}) {
    CsvParser parser(sep);
    if (!parser.feed(header)) continue;
    if (parser.fields().size() > best_count) {
      best = sep;
      best_count = parser.fields().size();
    }
  }
  return best;
}

std::string normalize_header(std::string_view name) {
  std::string out = fold(trim(name));
  for (char& c : out)
    if (c == ' ' || c == '-' || c == '.') c = '_';
  return out;
}

std::optional<std::int64_t> parse_csv_time(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::size_t used = 0;
  // ISO dates and clock times, with what exports put after them: AM/PM, a zone.
  if (auto ms = parse_leading_timestamp(text, used)) {
    std::size_t rest_at = used;
    while (rest_at > 0 && (text[rest_at - 1] == '-' || text[rest_at - 1] == '+')) --rest_at;  // "-0500" is a zone
    std::string rest = fold(trim(text.substr(rest_at)));
    if (rest.empty() || rest == "z" || rest == "utc" || rest == "gmt") return ms;
    if (rest == "am" || rest == "a.m.") return *ms / 3600000 % 24 == 12 ? *ms - 12 * 3600000LL : *ms;
    if (rest == "pm" || rest == "p.m.") return *ms / 3600000 % 24 < 12 ? *ms + 12 * 3600000LL : *ms;
    if (rest.size() == 5 && (rest[0] == '+' || rest[0] == '-') && all_digits(rest.substr(1))) {
      std::int64_t offset = (to_int(std::string_view(rest).substr(1, 2)) * 60LL + to_int(std::string_view(rest).substr(3, 2))) * 60000;
      return rest[0] == '+' ? *ms - offset : *ms + offset;
    }
  }

  // Unix time: seconds (possibly fractional) or milliseconds.
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }) &&
      std::count(text.begin(), text.end(), '.') <= 1 && text.find_first_of("0123456789") != std::string_view::npos &&
      text.find('.') != 0) {
    double v = std::strtod(std::string(text).c_str(), nullptr);
    if (!(v < 1e15)) return std::nullopt;  // no date; converting it would overflow (fuzzing found it)
    return v >= 1e11 ? static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v * 1000);
  }

  // Split into words; commas are noise ("Tue, 31 Oct 2017 22:10:47 +0000").
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != ',') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  std::string_view clock, ampm, zone;
  int y = 0, m = 0, d = 0;
  for (std::string_view w : words) {
    std::string f = fold(w);
    if (w.find(':') != std::string_view::npos && clock.empty()) clock = w;
    else if (f == "am" || f == "pm" || f == "a.m." || f == "p.m.") ampm = f.substr(0, 1) == "a" ? "am" : "pm";
    else if ((w[0] == '+' || w[0] == '-') && w.size() == 5) zone = w;
    else if (w.find('.') != std::string_view::npos || w.find('/') != std::string_view::npos ||
             (w.find('-') != std::string_view::npos && w.size() >= 8)) {
      // 31.10.2026 (day first), 10/31/2026 (US, unless the first number is above 12), 31-10-2026
      char sep = w.find('.') != std::string_view::npos ? '.' : w.find('/') != std::string_view::npos ? '/' : '-';
      std::size_t a = w.find(sep), b = w.find(sep, a + 1);
      if (b == std::string_view::npos) return std::nullopt;
      std::string_view p1 = w.substr(0, a), p2 = w.substr(a + 1, b - a - 1), p3 = w.substr(b + 1);
      if (!all_digits(p1) || !all_digits(p2) || !all_digits(p3)) return std::nullopt;
      int n1 = to_int(p1), n2 = to_int(p2), n3 = to_int(p3);
      if (p1.size() == 4) y = n1, m = n2, d = n3;                      // 2026/11/03
      else if (sep == '/' && n1 <= 12 && n2 > 0) m = n1, d = n2, y = n3;  // 10/31/2026
      else d = n1, m = n2, y = n3;                                     // 31.10.2026, 31/10/2026
    } else if (int month = month_number(w); month > 0 && std::isalpha(static_cast<unsigned char>(w[0]))) {
      m = month;
    } else if (all_digits(w) && w.size() == 4) {
      y = to_int(w);
    } else if (all_digits(w) && w.size() <= 2) {
      d = to_int(w);
    } else if (std::isalpha(static_cast<unsigned char>(w[0]))) {
      continue;  // weekday, "UTC", "GMT"
    } else {
      return std::nullopt;
    }
  }
  if (y == 0 || m == 0 || d == 0) return std::nullopt;
  return from_parts(y, m, d, clock, ampm, zone);
}

void read_csv(const std::string& path, LineSource& lines, const ReadOptions& options, const Mapping* mapping,
              ReadSink& sink) {
  CsvReader(path, options, mapping, sink).run(lines);
}

}  // namespace defuse
