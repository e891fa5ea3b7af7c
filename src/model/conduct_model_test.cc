// The conduct model: features as scikit-learn's char_wb analyzer cuts them, a model trained
// here on a hand-made set, the cached hot path against the training path, and the gates of
// the match stage.
#include "model/conduct_model.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/blob.h"
#include "model/model_match.h"
#include "normalize/fold.h"

namespace defuse {
namespace {

constexpr std::size_t kRudeness = 5;  // kModelLabels index of rudeness
static_assert(kModelLabels[kRudeness] == AntiPattern::rudeness);

std::vector<std::uint64_t> hashes_of(std::string_view text) {
  std::vector<std::uint64_t> out;
  ngram_hashes(text, out);
  return out;
}

TEST_CASE("n-grams are cut per word, padded, in code points") {
  // " ab " has 4 code points: " ab", "ab " (n = 3), then " ab " whole, and no longer n-grams.
  CHECK(hashes_of("ab").size() == 3);
  // Cyrillic is cut by letters, not bytes: the same count as "ab".
  CHECK(hashes_of("да").size() == 3);
  // " abcdef " (8): 6 trigrams, 5 four-grams, 4 five-grams.
  CHECK(hashes_of("abcdef").size() == 15);
  // Words never share an n-gram across the space between them; runs of spaces are one. Two
  // words side by side give one word-pair feature more: 3 + 15 + 1.
  CHECK(hashes_of("ab   abcdef").size() == 19);
  auto twice = hashes_of("ab ab");
  CHECK(twice.size() == 7);
  CHECK(std::equal(twice.begin(), twice.begin() + 3, twice.begin() + 3));
  CHECK(hashes_of("ab") != hashes_of("ba"));
}

TEST_CASE("word pairs tell word order apart, which the n-grams of each word cannot") {
  // "calm down" and "down calm" have the same n-grams; only their pair differs.
  auto sorted = [](std::vector<std::uint64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  const auto calm_down = hashes_of("calm down"), down_calm = hashes_of("down calm");
  REQUIRE(calm_down.size() == down_calm.size());
  CHECK(sorted(calm_down) != sorted(down_calm));
  // The words' n-grams are the same; the last feature of each is its pair.
  CHECK(sorted({calm_down.begin(), calm_down.end() - 1}) == sorted({down_calm.begin(), down_calm.end() - 1}));
  // Pairs only between neighbours: three words give two pairs.
  CHECK(hashes_of("ab cd ef").size() == hashes_of("ab").size() + hashes_of("cd").size() + hashes_of("ef").size() + 2);
}

// Rude answers and polite ones, in the words of a hand-made set (not the lexicons').
ConductModel toy_model() {
  const char* rude[] = {"that is not my problem, deal with it yourself",
                        "not my problem, go and deal with it",
                        "honestly that is your problem not mine, stop wasting my time",
                        "stop wasting my time with this nonsense",
                        "deal with it yourself, it is not my problem",
                        "i do not care, that is your problem"};
  const char* polite[] = {"thank you for waiting, i have your account open now",
                          "i will deal with the refund for you today",
                          "let me check the order number for you",
                          "the technician will visit you tomorrow morning",
                          "i am sorry about the delay with your parcel",
                          "your refund has been issued and will arrive in three days",
                          "could you tell me when the problem started",
                          "i understand how frustrating this must be for you"};
  std::vector<ModelExample> examples;
  for (const char* s : rude) {
    ModelExample e{fold(s), {}, {}};
    e.positive[kRudeness] = true;
    examples.push_back(e);
  }
  for (const char* s : polite) examples.push_back({fold(s), {}, {}});
  return ConductModel::train(examples);
}

TEST_CASE("a trained model rates a new rude paraphrase high and polite help low") {
  const ConductModel model = toy_model();
  CHECK(model.features() > 0);
  const auto rude = model.score(fold("Look, not my problem, you deal with it yourself"));
  const auto polite = model.score(fold("Thank you, I will check your refund today"));
  CHECK(rude.probability[kRudeness] >= kDefaultModelThreshold);
  CHECK(polite.probability[kRudeness] < kDefaultModelThreshold);
  // A label with no positive example is never reported.
  for (std::size_t l = 0; l < kModelLabelCount; ++l)
    if (l != kRudeness) CHECK(rude.probability[l] < 0.01f);
}

TEST_CASE("text as written scores as its folded form does (the cached path is the trained one)") {
  const ConductModel model = toy_model();
  ModelWordCache cache;
  for (std::string_view text : {"Not my PROBLEM, deal with it yourself!", "Thank you, I will check it",
                                "Это не моя проблема", "No es mi problema, señora", "deal\u00a0with it  yourself",
                                "problem problem problem problem",
                                // Features counted once, twice and more in one text: the
                                // sublinear term frequency is applied to the repeats alone.
                                "Not my problem, sorry, not my problem at all; problem solved, yourself"}) {
    for (int pass = 0; pass < 2; ++pass) {  // the second pass reads the cache
      const auto cached = model.score_text(text, cache);
      const auto direct = model.score(fold(text));
      for (std::size_t l = 0; l < kModelLabelCount; ++l) CHECK(cached.probability[l] == doctest::Approx(direct.probability[l]).epsilon(1e-4));
    }
  }
}

TEST_CASE("the model reads back from its blob the same") {
  const ConductModel model = toy_model();
  BlobWriter out;
  model.write(out);
  ConductModel back;
  BlobReader in(out.bytes());
  REQUIRE(back.read(in));
  const std::string text = fold("not my problem, deal with it");
  CHECK(back.score(text).probability[kRudeness] == model.score(text).probability[kRudeness]);
  // Damaged bytes are refused, not read past their end.
  BlobReader cut(std::string_view(out.bytes()).substr(0, out.bytes().size() / 2));
  ConductModel broken;
  CHECK_FALSE(broken.read(cut));
}

struct Conversation {
  Transcript transcript;
  Conversation(std::initializer_list<std::pair<Role, const char*>> turns) {
    for (const auto& [role, text] : turns) {
      Turn turn;
      turn.role = role;
      turn.text = transcript.keep(text);
      transcript.turns.push_back(turn);
    }
  }
};

TEST_CASE("the match stage asks the model only where the lexicon left a label open") {
  const ConductModel model = toy_model();
  LanguageLexicon lexicon;
  lexicon.lang = "en";
  Rule rudeness_rule;
  rudeness_rule.id = "rudeness";
  rudeness_rule.ref = {IdKind::anti_pattern, static_cast<int>(AntiPattern::rudeness)};
  rudeness_rule.name = "rude-words";
  lexicon.rules.push_back(rudeness_rule);
  const std::uint32_t first = add_model_rules(lexicon);
  REQUIRE(lexicon.rules.size() == first + kModelLabelCount);
  CHECK(lexicon.rules[first + kRudeness].qualified_name() == "en/model-rudeness");

  const char* rude = "Look, that is honestly not my problem, deal with it yourself.";
  auto run = [&](const Conversation& c, std::vector<RuleHit> lexicon_hits = {}) {
    TranscriptMatches matches;
    matches.hits = std::move(lexicon_hits);
    ModelWordCache cache;
    MatchScratch scratch;
    apply_conduct_model(c.transcript, turns_to_rate(c.transcript, scratch), model, first, lexicon, cache, scratch, matches);
    return matches.hits;
  };
  SUBCASE("a rude turn the rules missed: one hit, on that turn, quoting its sentence") {
    Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, "Let me see."}, {Role::agent, rude}};
    auto hits = run(c);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].rule == first + kRudeness);
    CHECK(hits[0].pattern == kModelPattern);
    CHECK(hits[0].turn == 2);
    CHECK(c.transcript.turns[2].text.substr(hits[0].sentence_begin, hits[0].sentence_end - hits[0].sentence_begin) == rude);
  }
  SUBCASE("the language's model_threshold decides what rating counts") {
    Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, rude}};
    ModelWordCache cache;
    const float rating = model.score_text(rude, cache).probability[kRudeness];
    REQUIRE(rating > 0.55f);
    REQUIRE(rating < 0.98f);
    lexicon.model_threshold = rating + 0.01f;
    CHECK(run(c).empty());
    lexicon.model_threshold = rating - 0.01f;
    CHECK(run(c).size() == 1);
    lexicon.model_threshold = kDefaultModelThreshold;
  }
  SUBCASE("the customer's words are not the agent's conduct") {
    Conversation c{{Role::customer, rude}, {Role::agent, "Thank you, I will check your refund today."}};
    CHECK(run(c).empty());
  }
  SUBCASE("a turn of fewer than 8 words is left to the lexicon") {
    Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, "Not my problem, deal with it."}};
    CHECK(run(c).empty());
    // No turn to rate: the caller need not load the model at all.
    MatchScratch scratch;
    CHECK(turns_to_rate(c.transcript, scratch).empty());
    Conversation longer{{Role::customer, "My parcel never came."}, {Role::agent, rude}};
    const auto turns = turns_to_rate(longer.transcript, scratch);
    REQUIRE(turns.size() == 1);
    CHECK(turns[0] == 1);
  }
  SUBCASE("a turn that only asks is left to the lexicon") {
    Conversation c{{Role::customer, "My parcel never came."},
                   {Role::agent, "Is that honestly my problem, or should you deal with it yourself?"}};
    CHECK(run(c).empty());
  }
  SUBCASE("which turns only ask: questions, an unclosed opening '¿', statements") {
    MatchScratch scratch;
    auto rated = [&](const char* agent) {
      Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, agent}};
      return !turns_to_rate(c.transcript, scratch).empty();
    };
    CHECK_FALSE(rated("¿Me puede dar el número de pedido y la fecha de compra, por favor?"));
    CHECK_FALSE(rated("Could you tell me the order number? And when exactly did it arrive?"));
    CHECK_FALSE(rated("¿Me puede dar el número de pedido y la fecha de compra, por favor"));
    CHECK(rated("Could you tell me the order number? I will then check the courier's records today."));
    CHECK(rated("I will check the courier's records today and call you back before five."));
    // 'п' is 0xD0 0xBF: its second byte is the second byte of '¿' too.
    CHECK(rated("Я проверю вашу посылку у курьера и перезвоню вам сегодня после обеда."));
    CHECK_FALSE(rated("Подскажите, пожалуйста, номер заказа и когда примерно была покупка?"));
  }
  SUBCASE("a label the rules counted anywhere gets no second opinion") {
    Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, "Whatever."}, {Role::agent, rude}};
    RuleHit counted;
    counted.rule = 0;
    counted.turn = 1;
    CHECK(run(c, {counted}).size() == 1);
  }
  SUBCASE("a turn where a rule matched the label and cancelled it keeps the rule's judgement") {
    Conversation c{{Role::customer, "My parcel never came."}, {Role::agent, rude}};
    RuleHit cancelled;
    cancelled.rule = 0;
    cancelled.turn = 1;
    cancelled.cancelled = "negated";
    auto hits = run(c, {cancelled});
    CHECK(hits.size() == 1);
    CHECK(hits[0].rule == 0);
  }
}

}  // namespace

TEST_CASE("has_words counts whitespace-separated words up to n") {
  CHECK(ConductModel::has_words("one two three", 3));
  CHECK_FALSE(ConductModel::has_words("one two three", 4));
  CHECK(ConductModel::has_words("  one\ttwo\n", 2));
  CHECK_FALSE(ConductModel::has_words("   \n\t ", 1));
  CHECK(ConductModel::has_words("", 0));
  // Punctuation clinging to a word is part of it; a lone dash is a word of its own.
  CHECK_FALSE(ConductModel::has_words("Sí, claro.", 3));
  CHECK(ConductModel::has_words("да - конечно", 3));
}

}  // namespace defuse
