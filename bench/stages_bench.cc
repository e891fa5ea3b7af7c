// Micro-benchmarks, one per pipeline stage, over the built-in lexicons:
//
//   read      read_plain_text                 bytes of the file
//   fold      fold_into over whole turns      bytes of turn text
//   segment   segment (words and sentences)   bytes of turn text
//   cache     TokenCache::lookup, warm / cold bytes of turn text
//   prepare   prepare_tokens (warm cache)     bytes of turn text
//   find      find_matches (tokens ready)     bytes of turn text
//   match     match_transcript (all of the above but reading)
//   score     score_transcript (matches ready)
//   record    append_record_json
//   analyze   Analyzer::analyze: language, match, score (what a worker thread does)
//   startup   Engine::load: parse and compile the built-in lexicons
//
// Every benchmark reports bytes/s over the transcripts' turn text (the file's bytes for
// `read`), so the stages add up against the end-to-end MB/s of bench/run.sh.
//
// Input: the plain-text transcripts under $DEFUSE_BENCH_CORPUS (a directory, up to
// $DEFUSE_BENCH_FILES files, default 600, a third per language; bench/run.sh points it at a
// generated corpus), or else three small built-in samples. Each benchmark runs per language: /en, /es, /ru.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "match/matcher.h"
#include "match/stemmer.h"
#include "match/transcript_match.h"
#include "normalize/fold.h"
#include "normalize/tokenizer.h"
#include "pipeline/engine.h"
#include "read/plain_text.h"
#include "report/record_writer.h"
#include "score/scorer.h"

namespace defuse {
namespace {

// Used only when $DEFUSE_BENCH_CORPUS is unset: one conversation per language in the
// shape bench/gen_corpus.py writes, repeated to about 3 KB.
const char* kSampleEn = R"([14:05:10] Agent (Maria): Hello, thank you for calling FastNet, my name is Maria. How can I help you today?
[14:05:40] Customer: Hi, I was charged twice for my router on March 3. This is ridiculous!!!
[14:06:02] Agent (Maria): I completely understand your frustration. Could you give me your order number, please?
[14:06:30] Customer: The order number is K554301. I paid $89.99 with my Visa.
[14:07:01] Agent (Maria): Let me check that for you. I'm so sorry for the inconvenience.
[14:07:45] Customer: um I already called three times and nobody fixed anything.
[14:08:10] Agent (Maria): I've cancelled the second charge, so you will only pay once. You'll receive the refund within 5 working days.
[14:08:52] Customer: ok, that works for me, thanks.
[14:09:05] Agent (Maria): Is there anything else I can help you with today? Thank you for your patience, have a great day!
)";
const char* kSampleEs = R"([14:05:10] Agente (Lucía): ¡Hola! Soy Lucía, de Fibranet. ¿En qué puedo ayudarle?
[14:05:40] Cliente: Hola, me cobraron dos veces el router el 3 de marzo. ¡Esto es una vergüenza!!!
[14:06:02] Agente (Lucía): Entiendo su molestia, es una situacion muy incomoda. ¿Me puede indicar el numero de pedido, por favor?
[14:06:30] Cliente: El número de pedido es K554301. Pagué 890 pesos con mi tarjeta Visa.
[14:07:01] Agente (Lucía): Permítame un momento, por favor. Disculpe las molestias.
[14:07:45] Cliente: este ya llame tres veces y nadie me soluciona nada
[14:08:10] Agente (Lucía): Ya anulé el segundo cargo, solo se le cobrará una vez. Le enviaremos el reembolso en 5 días hábiles.
[14:08:52] Cliente: Perfecto, así me sirve, gracias.
[14:09:05] Agente (Lucía): ¿Hay algo más en lo que le pueda ayudar? Muchas gracias por su paciencia, que tenga un excelente día.
)";
const char* kSampleRu = R"([14:05:10] Оператор (Анна): Здравствуйте! Меня зовут Анна, компания БыстроНет. Чем могу помочь?
[14:05:40] Клиент: Здравствуйте, с меня дважды списали деньги за роутер 03.03. Это просто безобразие!!!
[14:06:02] Оператор (Анна): Понимаю ваше возмущение, ситуация действительно неприятная. Подскажите, пожалуйста, номер вашего заказа.
[14:06:30] Клиент: Номер заказа K554301. Я заплатил 8900 рублей картой.
[14:07:01] Оператор (Анна): Одну минуту, пожалуйста. Извините за неудобства.
[14:07:45] Клиент: эээ я звоню уже третий раз, и никто ничего не сделал
[14:08:10] Оператор (Анна): Я отменила второе списание, оплата пройдёт только один раз. Деньги вернутся в течение 5 рабочих дней.
[14:08:52] Клиент: Хорошо, меня это устраивает, спасибо.
[14:09:05] Оператор (Анна): Могу ли я ещё чем-то вам помочь? Спасибо за ваше терпение, хорошего дня!
)";

struct Collect : ReadSink {
  std::vector<Transcript> transcripts;
  void transcript(Transcript&& t) override { transcripts.push_back(std::move(t)); }
  void error(Diagnostic&&) override {}
};

std::size_t text_bytes(const Transcript& t) {
  std::size_t n = 0;
  for (const auto& turn : t.turns) n += turn.text.size();
  return n;
}

/// The engine and the input, loaded once for all benchmarks.
struct World {
  std::unique_ptr<Engine> engine;
  std::map<std::string, std::vector<std::string>> files;        // lang -> file contents
  std::map<std::string, std::vector<Transcript>> transcripts;   // lang -> parsed
  std::map<std::string, std::size_t> file_bytes, turn_bytes;

  World() {
    Diagnostics errors;
    engine = Engine::load({}, errors);
    if (!engine) {
      for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.format().c_str());
      std::abort();
    }
    load_inputs();
    ReadOptions options;
    options.roles = &engine->lexicons().roles;
    for (const auto& [lang, contents] : files) {
      for (const auto& text : contents) {
        Collect sink;
        read_plain_text({lang + ".txt", std::make_shared<const std::string>(text)}, options, nullptr, sink);
        for (auto& t : sink.transcripts) {
          if (t.lang.empty()) t.lang = lang;
          turn_bytes[lang] += text_bytes(t);
          transcripts[lang].push_back(std::move(t));
        }
        file_bytes[lang] += text.size();
      }
    }
  }

  void load_inputs() {
    const char* dir = std::getenv("DEFUSE_BENCH_CORPUS");
    if (dir && *dir) {
      std::size_t limit = 600;
      if (const char* n = std::getenv("DEFUSE_BENCH_FILES")) limit = std::strtoul(n, nullptr, 10);
      std::vector<std::filesystem::path> paths;
      for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".txt") paths.push_back(e.path());
      std::sort(paths.begin(), paths.end());
      // gen_corpus names files <lang>-NNNNNNN.txt: take the first limit/3 of each language.
      for (const auto& p : paths) {
        std::string lang = p.filename().string().substr(0, 2);
        if (files[lang].size() >= limit / 3) continue;
        std::ifstream in(p, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        files[lang].push_back(ss.str());
      }
      if (!files.empty()) return;
      std::fprintf(stderr, "DEFUSE_BENCH_CORPUS=%s holds no .txt files; using the built-in samples\n", dir);
    }
    for (auto [lang, sample] : {std::pair{"en", kSampleEn}, {"es", kSampleEs}, {"ru", kSampleRu}}) {
      std::string text = std::string("---\nid: sample-") + lang + "\nlang: " + lang + "\n---\n";
      for (int i = 0; i < 3; ++i) text += sample;
      files[lang].push_back(text);
    }
  }
};

World& world() {
  static World w;
  return w;
}

// The language's compiled lexicon, or null after marking the benchmark skipped.
const CompiledLexicon* lexicon_or_skip(benchmark::State& state, const std::string& lang) {
  const CompiledLexicon* lexicon = world().engine->compiled(lang);
  if (!lexicon) state.SkipWithError(("no " + lang + " lexicon").c_str());
  else if (world().transcripts[lang].empty()) state.SkipWithError(("no " + lang + " transcripts").c_str());
  return world().transcripts[lang].empty() ? nullptr : lexicon;
}

// Runs `body(transcript)` over every transcript of `lang` per iteration.
template <typename Body>
void over_transcripts(benchmark::State& state, const std::string& lang, Body body) {
  auto& w = world();
  auto& ts = w.transcripts[lang];
  if (ts.empty()) {
    state.SkipWithError(("no " + lang + " transcripts").c_str());
    return;
  }
  for (auto _ : state)
    for (const auto& t : ts) body(t);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.turn_bytes[lang]));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ts.size()));
}

void BM_Read(benchmark::State& state, std::string lang) {
  auto& w = world();
  ReadOptions options;
  options.roles = &w.engine->lexicons().roles;
  std::vector<std::shared_ptr<const std::string>> buffers;
  for (const auto& f : w.files[lang]) buffers.push_back(std::make_shared<const std::string>(f));
  if (buffers.empty()) {
    state.SkipWithError(("no " + lang + " files").c_str());
    return;
  }
  for (auto _ : state) {
    for (const auto& b : buffers) {
      Collect sink;
      read_plain_text({"bench.txt", b}, options, nullptr, sink);
      benchmark::DoNotOptimize(sink.transcripts.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.file_bytes[lang]));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * buffers.size()));
}

void BM_Fold(benchmark::State& state, std::string lang) {
  std::string out;
  over_transcripts(state, lang, [&](const Transcript& t) {
    for (const auto& turn : t.turns) {
      out.clear();
      fold_into(turn.text, out);
      benchmark::DoNotOptimize(out.data());
    }
  });
}

// Folding word by word, as a TokenCache miss does.
void BM_FoldWords(benchmark::State& state, std::string lang) {
  Segmented seg;
  std::string out;
  over_transcripts(state, lang, [&](const Transcript& t) {
    for (const auto& turn : t.turns) {
      segment(turn.text, seg);
      for (const auto& tok : seg.tokens) {
        out.clear();
        fold_into(turn.text.substr(tok.begin, tok.end - tok.begin), out);
        benchmark::DoNotOptimize(out.data());
      }
    }
  });
}

void BM_Segment(benchmark::State& state, std::string lang) {
  Segmented seg;
  over_transcripts(state, lang, [&](const Transcript& t) {
    for (const auto& turn : t.turns) {
      segment(turn.text, seg);
      benchmark::DoNotOptimize(seg.tokens.data());
    }
  });
}

void BM_Stem(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  Stemmer stemmer(compiled->lexicon().stemmer);
  std::vector<std::string> words;
  Segmented seg;
  std::string folded;
  for (const auto& t : w.transcripts[lang])
    for (const auto& turn : t.turns) {
      segment(turn.text, seg);
      for (const auto& tok : seg.tokens) {
        folded.clear();
        fold_into(turn.text.substr(tok.begin, tok.end - tok.begin), folded);
        words.push_back(folded);
      }
    }
  for (auto _ : state)
    for (const auto& word : words) benchmark::DoNotOptimize(stemmer.stem(word));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * words.size()));
  state.counters["words"] = static_cast<double>(words.size());
}

// The steady state: every word form already seen, so a lookup is one hash probe.
void BM_CacheLookupWarm(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  TokenCache cache(*compiled);
  Segmented seg;
  auto run = [&](const Transcript& t) {
    for (const auto& turn : t.turns) {
      segment(turn.text, seg);
      for (const auto& tok : seg.tokens)
        benchmark::DoNotOptimize(&cache.lookup(turn.text.substr(tok.begin, tok.end - tok.begin)));
    }
  };
  for (const auto& t : w.transcripts[lang]) run(t);  // warm up
  over_transcripts(state, lang, run);
}

// A new cache per pass: every distinct form is folded, stemmed and looked up once.
void BM_CacheLookupCold(benchmark::State& state, std::string lang) {
  auto& w = world();
  Segmented seg;
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  const CompiledLexicon& lexicon = *compiled;
  for (auto _ : state) {
    TokenCache cache(lexicon);
    for (const auto& t : w.transcripts[lang])
      for (const auto& turn : t.turns) {
        segment(turn.text, seg);
        for (const auto& tok : seg.tokens)
          benchmark::DoNotOptimize(&cache.lookup(turn.text.substr(tok.begin, tok.end - tok.begin)));
      }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.turn_bytes[lang]));
}

// Pre-segmented turns, so prepare/find can be timed without the stages before them.
struct PreparedTurn {
  std::string_view text;
  Role role = Role::agent;
  Segmented seg;
  std::vector<MatchToken> tokens;
};

std::vector<PreparedTurn> prepare_all(const std::string& lang, TokenCache& cache) {
  std::vector<PreparedTurn> out;
  for (const auto& t : world().transcripts[lang])
    for (const auto& turn : t.turns) {
      PreparedTurn p;
      p.text = turn.text;
      p.role = turn.role;
      segment(turn.text, p.seg);
      prepare_tokens(p.text, p.seg, cache, p.tokens);
      out.push_back(std::move(p));
    }
  return out;
}

void BM_PrepareTokens(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  TokenCache cache(*compiled);
  auto turns = prepare_all(lang, cache);
  std::vector<MatchToken> tokens;
  for (auto _ : state)
    for (const auto& p : turns) {
      prepare_tokens(p.text, p.seg, cache, tokens);
      benchmark::DoNotOptimize(tokens.data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.turn_bytes[lang]));
}

void BM_FindMatches(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  const CompiledLexicon& lexicon = *compiled;
  TokenCache cache(lexicon);
  auto turns = prepare_all(lang, cache);
  if (cache.trims() > 0) {  // prepared tokens point into the cache: it must not have been emptied
    state.SkipWithError("the word cache was emptied while preparing; use fewer files (DEFUSE_BENCH_FILES)");
    return;
  }
  std::vector<PatternMatch> matches;
  std::size_t found = 0;
  for (auto _ : state)
    for (const auto& p : turns) {
      find_matches(lexicon, cache, p.tokens, p.role, false, matches);
      found += matches.size();
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.turn_bytes[lang]));
  state.counters["matches/transcript"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * w.transcripts[lang].size());
}

void BM_MatchTranscript(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  const CompiledLexicon& lexicon = *compiled;
  TokenCache cache(lexicon);
  MatchScratch scratch;
  TranscriptMatches out;
  over_transcripts(state, lang, [&](const Transcript& t) {
    match_transcript(t, lexicon, cache, w.engine->lexicons().scoring, scratch, out);
    benchmark::DoNotOptimize(out.hits.data());
  });
}

void BM_ScoreTranscript(benchmark::State& state, std::string lang) {
  auto& w = world();
  const CompiledLexicon* compiled = lexicon_or_skip(state, lang);
  if (!compiled) return;
  const CompiledLexicon& lexicon = *compiled;
  TokenCache cache(lexicon);
  MatchScratch scratch;
  std::vector<TranscriptMatches> all;
  for (const auto& t : w.transcripts[lang]) {
    all.emplace_back();
    match_transcript(t, lexicon, cache, w.engine->lexicons().scoring, scratch, all.back());
  }
  ScoreOptions options;
  std::size_t i = 0;
  over_transcripts(state, lang, [&](const Transcript& t) {
    ScoreResult r = score_transcript(t, lang, false, lexicon, all[i++ % all.size()], w.engine->lexicons().scoring,
                                     options);
    benchmark::DoNotOptimize(r.score);
  });
}

void BM_AppendRecordJson(benchmark::State& state, std::string lang) {
  auto& w = world();
  if (!lexicon_or_skip(state, lang)) return;
  Analyzer analyzer(*w.engine, ScoreOptions{});
  std::vector<ScoreResult> results;
  for (const auto& t : w.transcripts[lang]) {
    Diagnostic error;
    if (auto r = analyzer.analyze(t, error)) results.push_back(std::move(*r));
  }
  std::string out;
  std::size_t written = 0;
  for (auto _ : state) {
    for (const auto& r : results) {
      out.clear();
      append_record_json(r, out);
      written += out.size();
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * w.turn_bytes[lang]));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * results.size()));
  state.counters["record_bytes"] =
      static_cast<double>(written) / static_cast<double>(std::max<std::size_t>(1, state.iterations() * results.size()));
}

// What one worker does per transcript (everything but reading and writing).
void BM_Analyze(benchmark::State& state, std::string lang) {
  auto& w = world();
  if (!lexicon_or_skip(state, lang)) return;
  Analyzer analyzer(*w.engine, ScoreOptions{});
  over_transcripts(state, lang, [&](const Transcript& t) {
    Diagnostic error;
    auto r = analyzer.analyze(t, error);
    benchmark::DoNotOptimize(r);
  });
}

void BM_EngineLoad(benchmark::State& state) {
  for (auto _ : state) {
    Diagnostics errors;
    auto engine = Engine::load({}, errors);
    benchmark::DoNotOptimize(engine.get());
  }
}

#define DEFUSE_PER_LANGUAGE(fn)           \
  BENCHMARK_CAPTURE(fn, en, std::string("en")); \
  BENCHMARK_CAPTURE(fn, es, std::string("es")); \
  BENCHMARK_CAPTURE(fn, ru, std::string("ru"))

DEFUSE_PER_LANGUAGE(BM_Read);
DEFUSE_PER_LANGUAGE(BM_Fold);
DEFUSE_PER_LANGUAGE(BM_FoldWords);
DEFUSE_PER_LANGUAGE(BM_Segment);
DEFUSE_PER_LANGUAGE(BM_Stem);
DEFUSE_PER_LANGUAGE(BM_CacheLookupWarm);
DEFUSE_PER_LANGUAGE(BM_CacheLookupCold);
DEFUSE_PER_LANGUAGE(BM_PrepareTokens);
DEFUSE_PER_LANGUAGE(BM_FindMatches);
DEFUSE_PER_LANGUAGE(BM_MatchTranscript);
DEFUSE_PER_LANGUAGE(BM_ScoreTranscript);
DEFUSE_PER_LANGUAGE(BM_AppendRecordJson);
DEFUSE_PER_LANGUAGE(BM_Analyze);
BENCHMARK(BM_EngineLoad)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace defuse
