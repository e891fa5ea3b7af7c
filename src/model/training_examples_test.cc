// Which agent turns of a labelled transcript the conduct model learns from, and what that
// buys: a word of the case, said both before and at the turn the rater marked, does not
// become evidence of the conduct.
#include "model/training_examples.h"

#include <doctest/doctest.h>

#include "normalize/fold.h"

namespace defuse {
namespace {

constexpr std::size_t kContractBlame = 0, kArguing = 4, kRudeness = 5;  // kModelLabels indices
static_assert(kModelLabels[kContractBlame] == AntiPattern::contract_blame);
static_assert(kModelLabels[kArguing] == AntiPattern::arguing);
static_assert(kModelLabels[kRudeness] == AntiPattern::rudeness);

Transcript make_transcript(std::initializer_list<std::pair<Role, const char*>> turns) {
  Transcript t;
  t.id = "t";
  for (const auto& [role, text] : turns) {
    Turn turn;
    turn.role = role;
    turn.text = t.keep(text);
    t.turns.push_back(turn);
  }
  return t;
}

TEST_CASE("agent turns before the marked one are negatives, those after it are left out") {
  const Transcript t = make_transcript({
      {Role::agent, "Hello, this is Sam, how can I help?"},           // 1
      {Role::customer, "My router keeps dropping the connection."},   // 2
      {Role::agent, "Let me look at your router's history."},         // 3
      {Role::customer, "It has been like this for a week."},          // 4
      {Role::agent, "No, the router is fine, you set it up wrong."},  // 5: arguing, as marked
      {Role::customer, "I did not."},                                 // 6
      {Role::agent, "Well, the logs say otherwise."},                 // 7: may argue again
  });
  GoldLabels gold;
  gold.labels = {"greet", "arguing", "rudeness"};
  gold.turns = {{"arguing", 5}};  // rudeness given, with no turn
  std::vector<ModelExample> examples;
  std::array<int, kModelLabelCount> positives{};
  add_transcript_examples(t, gold, examples, positives);

  REQUIRE(examples.size() == 4);  // the agent's turns 1, 3, 5 and 7
  CHECK(examples[1].folded == fold("Let me look at your router's history."));
  // arguing: negative at turns 1 and 3, positive at 5, left out at 7.
  CHECK_FALSE(examples[0].positive[kArguing]);
  CHECK_FALSE(examples[0].skip[kArguing]);
  CHECK_FALSE(examples[1].positive[kArguing]);
  CHECK_FALSE(examples[1].skip[kArguing]);
  CHECK(examples[2].positive[kArguing]);
  CHECK_FALSE(examples[2].skip[kArguing]);
  CHECK_FALSE(examples[3].positive[kArguing]);
  CHECK(examples[3].skip[kArguing]);
  CHECK(positives[kArguing] == 1);
  // rudeness with no turn: no turn is known to be clean, so none takes part.
  for (const auto& e : examples) {
    CHECK(e.skip[kRudeness]);
    CHECK_FALSE(e.positive[kRudeness]);
  }
  CHECK(positives[kRudeness] == 0);
  // contract_blame, not given: every agent turn is a negative.
  for (const auto& e : examples) {
    CHECK_FALSE(e.skip[kContractBlame]);
    CHECK_FALSE(e.positive[kContractBlame]);
  }
}

TEST_CASE("a case word said before and at the marked turn is not learnt as the conduct") {
  // Six conversations about a router: the agent first talks of it helpfully, then argues
  // about it at the turn the rater marked. Six more polite conversations about other things.
  const char* helpful[] = {"Let me check the router settings for you now.",
                           "I can see the router on your account, one moment please.",
                           "Could you restart the router and tell me what the lights show?",
                           "Thanks, I have the router details here in front of me.",
                           "I will run a test on the router line from here.",
                           "Okay, the router was registered in March, let me look further."};
  const char* arguing[] = {"No, the router is fine, you simply set it up wrong.",
                           "That is not true, the router works, you unplugged it yourself.",
                           "You are mistaken, nothing is wrong with the router, the fault is yours.",
                           "The router is perfect, you obviously did not follow the manual.",
                           "I disagree, the router never failed, you must have broken the cable.",
                           "Wrong, the router is working, you just do not know how to use it."};
  const char* polite[] = {"Thank you for waiting, your refund is on its way today.",
                          "I am sorry about the delay with your parcel, it ships tomorrow.",
                          "I have booked the engineer visit for Thursday morning for you.",
                          "Your new card will arrive within five working days.",
                          "I understand how frustrating this must have been for you.",
                          "I have credited ten pounds to your bill as an apology."};
  auto train = [&](bool earlier_turns_learnt) {
    std::vector<ModelExample> examples;
    std::array<int, kModelLabelCount> positives{};
    for (int i = 0; i < 6; ++i) {
      const Transcript t = make_transcript({{Role::agent, helpful[i]},
                                            {Role::customer, "It still does not work."},
                                            {Role::agent, arguing[i]}});
      GoldLabels gold;
      gold.labels = {"arguing"};
      gold.turns = {{"arguing", 3}};
      const std::size_t first = examples.size();
      add_transcript_examples(t, gold, examples, positives);
      if (!earlier_turns_learnt) examples[first].skip[kArguing] = true;  // the scheme before
    }
    for (const char* s : polite) {
      const Transcript t = make_transcript({{Role::agent, s}});
      add_transcript_examples(t, GoldLabels{}, examples, positives);
    }
    CHECK(positives[kArguing] == 6);
    return ConductModel::train(examples);
  };
  const ConductModel model = train(true), without = train(false);
  const std::string topic = fold("Let me check the router on your line for you today.");
  const std::string conduct = fold("No, the router is not broken, you plugged it in wrong yourself.");
  // Helpful words about the router: not arguing, and rated lower than when the earlier turns
  // were left out, where the router's n-grams occurred in positives only.
  CHECK(model.score(topic).probability[kArguing] < kDefaultModelThreshold);
  CHECK(model.score(topic).probability[kArguing] < without.score(topic).probability[kArguing]);
  // The conduct itself is still found.
  CHECK(model.score(conduct).probability[kArguing] >= kDefaultModelThreshold);
}

}  // namespace
}  // namespace defuse
