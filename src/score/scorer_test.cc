// Scoring behaviour on hand-worked conversations (CYCLE.md conventions), with a small
// lexicon written here so each expectation follows from the rules it states.
#include "score/scorer.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "test_support.h"

namespace defuse {
namespace {

using test::TurnSpec;
constexpr Role A = Role::agent;
constexpr Role C = Role::customer;

const char* kRules = R"(rules:
  - id: greet
    position: start
    patterns: [hello, good (morning|afternoon), how can i help]
  - id: clarify
    patterns: [(order|account) number, what happened]
  - id: empathize
    patterns: [i understand, (that|this) must be frustrating]
    unless: ["but ... nothing"]
  - id: apologize
    bare_question: cancel
    unless: [no need to]
    patterns: [sorry, apolog*]
  - id: solve
    patterns: [refund, replacement]
  - id: commit
    patterns: [within _ (days|hours), by (monday|friday)]
  - id: close
    position: end
    patterns: [anything else, thank you for calling]
  - id: rudeness
    patterns: [as i already told you]
  - id: hostility
    patterns: [idiots, useless]
  - id: threat
    patterns: [complaint, lawyer]
  - id: satisfied
    patterns: [thanks, that works]
  - id: customer_pause
    patterns: [give me a minute]
)";

ScoreResult score(const Engine& engine, const Transcript& t) {
  Analyzer analyzer(engine, ScoreOptions{});
  Diagnostic error;
  auto r = analyzer.analyze(t, error);
  REQUIRE(r);
  return *r;
}

bool hit(const ScoreResult& r, Step s) { return r.steps[static_cast<int>(s)].hit; }

}  // namespace

TEST_CASE("a full cycle earns every step and 100 points") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({
                              {A, "Hello, how can I help?"},
                              {C, "My order never came."},
                              {A, "I'm sorry. I understand. What is the order number?"},
                              {C, "5521"},
                              {A, "I have issued a refund, you will see it within 3 days."},
                              {C, "Thanks, that works."},
                              {A, "Is there anything else? Thank you for calling."},
                          }));
  for (int s = 0; s < kStepCount; ++s) CHECK_MESSAGE(r.steps[s].hit, kStepIds[s]);
  CHECK(r.anti_patterns.empty());
  CHECK(r.score == 100);
  CHECK(r.outcome == "de-escalated");
  CHECK(r.steps[static_cast<int>(Step::apologize)].evidence.at(0).turn == 3);
  CHECK(r.steps[static_cast<int>(Step::apologize)].evidence.at(0).text == "I'm sorry.");
}

TEST_CASE("the customer's words never earn the agent a step") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({{A, "Yes?"}, {C, "Sorry, I understand, hello"}, {A, "Ok."}}));
  CHECK_FALSE(hit(r, Step::apologize));
  CHECK_FALSE(hit(r, Step::empathize));
  CHECK_FALSE(hit(r, Step::greet));
}

TEST_CASE("negation, 'but nothing', pardons and quotes cancel, with reasons") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({
                              {A, "Hello."},
                              {C, "It broke."},
                              {A, "Sorry? I don't understand why you did that."},
                              {C, "I said it broke."},
                              {A, "I understand, but there is nothing I can do. The driver said \"sorry\" too. No need to apologize."},
                          }));
  CHECK_FALSE(hit(r, Step::apologize));
  CHECK_FALSE(hit(r, Step::empathize));  // "I don't understand" never matches "i understand"
  std::vector<std::string> reasons;
  for (const auto& c : r.cancelled) reasons.push_back(c.id + ": " + c.reason);
  CHECK(reasons == std::vector<std::string>{
                       "apologize: a short question ('Sorry?'): asks to repeat",
                       "empathize: an 'unless' pattern matched in the same sentence",
                       "apologize: inside quotation marks: a quote, not the speaker's own words",
                       "apologize: negated",  // "No need to apologize": the negator comes first
                   });
}

TEST_CASE("a negator inside a gap negates the match") {
  auto engine = test::english_engine({"rules:\n  - id: satisfied\n    patterns: [you ...2 helped]\n"});
  CHECK(score(*engine, test::transcript({{A, "Hi"}, {C, "You really helped."}})).has_signal("satisfied"));
  CHECK_FALSE(score(*engine, test::transcript({{A, "Hi"}, {C, "You never helped."}})).has_signal("satisfied"));
}

TEST_CASE("position: a late greeting and a closing in the middle are order violations") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({
                              {A, "Account number?"},
                              {C, "123"},
                              {A, "Ok."},
                              {C, "And?"},
                              {A, "Hello, anything else?"},
                              {C, "Yes, the refund."},
                              {A, "Fine."},
                              {C, "?"},
                              {A, "Done."},
                          }));
  CHECK_FALSE(hit(r, Step::greet));
  CHECK_FALSE(hit(r, Step::close));
  std::vector<std::string> order;
  for (const auto& o : r.order) order.push_back(o.id);
  CHECK(order == std::vector<std::string>{"greet_not_first", "close_in_middle"});
  CHECK(r.has_anti_pattern("no_closure"));
  // 15 (clarify) - 2 x 5 (order) = 5
  CHECK(r.score == 5);
}

TEST_CASE("position: end: the final part is where both sides wind down, not where the conversation runs past") {
  auto engine = test::english_engine({kRules});
  // The same opening each time: a refund and "Anything else?" in the agent's second turn, then
  // the customer's answer and what follows it.
  auto after_offer = [&](std::vector<TurnSpec> rest) {
    std::vector<TurnSpec> turns{{A, "Hello, how can I help?"},
                                {C, "My order never came."},
                                {A, "I have issued a refund. Anything else?"}};
    turns.insert(turns.end(), rest.begin(), rest.end());
    return score(*engine, test::transcript(turns));
  };
  // Agent turns 1, 3, 5, 7: "Anything else?" is third from last, but after it both sides only
  // wind down, so it is the close (CYCLE.md: "in the final part").
  auto wind_down = after_offer({{C, "No, thanks."}, {A, "Bye now."}, {C, "Bye."}, {A, "Take care."}});
  CHECK(hit(wind_down, Step::close));
  CHECK(wind_down.steps[static_cast<int>(Step::close)].evidence.at(0).turn == 3);
  CHECK_FALSE(wind_down.has_anti_pattern("no_closure"));
  // An "anything else?" the conversation runs past is no close: the customer asks more, the
  // agent goes on to help after the thanks, or the customer's short reply is a matter, not
  // thanks or agreement.
  CHECK_FALSE(hit(after_offer({{C, "Thanks, and the box?"}, {A, "Bye now."}, {C, "Bye."}, {A, "Take care."}}), Step::close));
  CHECK_FALSE(hit(after_offer({{C, "No, thanks."}, {A, "I am also sending a replacement."}, {C, "Bye."}, {A, "Take care."}}),
                  Step::close));
  CHECK_FALSE(hit(after_offer({{C, "The box too."}, {A, "Bye now."}, {C, "Bye."}, {A, "Take care."}}), Step::close));
  // A close in the last two agent turns that the conversation ran past does not count either:
  // the customer raised more and the agent went on with it ...
  auto ran_past = after_offer({{C, "Yes, my other parcel is missing too"}, {A, "What is the order number?"}});
  CHECK_FALSE(hit(ran_past, Step::close));
  CHECK(ran_past.has_anti_pattern("no_closure"));
  // Past the opening it is a closing phrase in the middle, like one before the last two turns.
  auto ran_past_later = score(*engine, test::transcript({{A, "Hello, how can I help?"},
                                                         {C, "My order never came."},
                                                         {A, "What happened?"},
                                                         {C, "The box never arrived."},
                                                         {A, "I have issued a refund. Anything else?"},
                                                         {C, "Yes, my other parcel is missing too"},
                                                         {A, "What is the order number?"}}));
  CHECK_FALSE(hit(ran_past_later, Step::close));
  REQUIRE(ran_past_later.order.size() == 1);
  CHECK(ran_past_later.order[0].id == "close_in_middle");
  CHECK(ran_past_later.order[0].turn == 5);
  // ... while a short "no, thanks" before the agent's last words keeps it.
  CHECK(hit(after_offer({{C, "No, thanks."}, {A, "Your order number is on the e-mail."}}), Step::close));
}

TEST_CASE("position: first: a greeting counts only in the agent's first turn") {
  const char* rules = R"(rules:
  - id: greet
    position: first
    patterns: [hello]
  - id: clarify
    position: start
    patterns: [account number]
)";
  auto engine = test::english_engine({rules});
  auto opening = score(*engine, test::transcript({{C, "My card is blocked."}, {A, "Hello! Account number?"}}));
  CHECK(hit(opening, Step::greet));
  // The agent's second turn is still in the opening for `start` (two turns by default), but a
  // greeting there is late: the opening has passed without one (CYCLE.md: "in the agent's opening").
  auto late = score(*engine, test::transcript({{A, "Yes?"},
                                               {C, "My card is blocked."},
                                               {A, "Hello, account number?"},
                                               {C, "5521"}}));
  CHECK_FALSE(hit(late, Step::greet));
  CHECK(hit(late, Step::clarify));
  REQUIRE_FALSE(late.order.empty());
  CHECK(late.order[0].id == "greet_not_first");
  CHECK(late.order[0].turn == 3);
}

TEST_CASE("position: late: an offer of help closes only after the agent's first turn") {
  const char* rules = R"(rules:
  - id: greet
    position: start
    patterns: [hello]
  - id: close
    position: late
    patterns: [can i help with anything]
)";
  auto engine = test::english_engine({rules});
  // One reply: the offer opens the conversation (a social-media answer), it does not close it.
  auto reply = score(*engine, test::transcript({{C, "My card is blocked."}, {A, "Hello, can I help with anything?"}}));
  CHECK(hit(reply, Step::greet));
  CHECK_FALSE(hit(reply, Step::close));
  CHECK(reply.has_anti_pattern("no_closure"));
  // The same words in the agent's last turn of a longer conversation close it.
  auto call = score(*engine, test::transcript({{A, "Hello."},
                                               {C, "My card is blocked."},
                                               {A, "Unblocked now."},
                                               {C, "Great."},
                                               {A, "Can I help with anything?"}}));
  CHECK(hit(call, Step::close));
  CHECK_FALSE(call.has_anti_pattern("no_closure"));
  // ... but not in the middle.
  auto middle = score(*engine, test::transcript({{A, "Hello."},
                                                 {C, "Hi."},
                                                 {A, "Can I help with anything?"},
                                                 {C, "My card."},
                                                 {A, "Unblocked."},
                                                 {C, "Ok."},
                                                 {A, "Done."}}));
  CHECK_FALSE(hit(middle, Step::close));
}

TEST_CASE("a website tip after a solution or a commitment is help; before them it deflects") {
  const char* rules = R"(rules:
  - id: solve
    patterns: [refund]
  - id: commit
    patterns: [within _ days]
  - id: website_deflection
    patterns: [on our website]
)";
  auto engine = test::english_engine({rules});
  auto deflects = [&](std::vector<TurnSpec> turns) {
    return score(*engine, test::transcript(std::move(turns))).has_anti_pattern("website_deflection");
  };
  // CYCLE.md: "a website tip after the problem is solved" is not an anti-pattern.
  CHECK(deflects({{C, "My parcel is lost."}, {A, "It's all on our website."}}));
  CHECK_FALSE(deflects({{C, "My parcel is lost."}, {A, "I've issued a refund. Tracking tips are on our website."}}));
  // An agent who reports the fix only by its date has taken the problem in hand too.
  CHECK_FALSE(deflects({{C, "My parcel is lost."},
                        {A, "You'll have the money within 3 days."},
                        {C, "Ok."},
                        {A, "Delivery times are on our website."}}));
  // Order counts: the tip in the sentence before the remedy was still the first answer.
  CHECK(deflects({{C, "My parcel is lost."}, {A, "Look on our website. Otherwise I'll issue a refund."}}));
  // The same holds when only the customer's reaction shows the agent pointed to the website.
  auto with_reaction = test::english_engine({std::string(rules) + R"(  - id: website_deflection
    reaction: true
    patterns: [already checked the website]
)"});
  auto reacted = [&](std::vector<TurnSpec> turns) {
    return score(*with_reaction, test::transcript(std::move(turns))).has_anti_pattern("website_deflection");
  };
  CHECK(reacted({{C, "My parcel is lost."}, {A, "Have a look there."}, {C, "I already checked the website."}}));
  CHECK_FALSE(reacted({{C, "My parcel is lost."},
                       {A, "I've issued a refund."},
                       {C, "Ok."},
                       {A, "Have a look there for tracking."},
                       {C, "I already checked the website."}}));
}

TEST_CASE("after_answer: cancel: a pointer after an answer in the turn's own words is help") {
  auto engine = test::english_engine({R"(rules:
  - id: greet
    patterns: [hello]
  - id: solve
    patterns: [refunded]
  - id: website_deflection
    after_answer: cancel
    patterns: [more at]
  - id: website_deflection
    name: plain
    patterns: [see our website]
  - id: contract_blame
    after_answer: cancel
    patterns: [terms at]
)"});
  auto deflects = [&](std::vector<TurnSpec> turns) {
    return score(*engine, test::transcript(std::move(turns))).has_anti_pattern("website_deflection");
  };
  // The pointer as the whole answer deflects, greetings and sign-offs around it or not.
  CHECK(deflects({{C, "When are you open?"}, {A, "More at https://t.co/abc"}}));
  CHECK(deflects({{C, "When are you open?"}, {A, "Hello Ana, nice to hear from you today. More at https://t.co/abc"}}));
  // An answer of eight words or more before it makes it help; a short one does not.
  CHECK_FALSE(deflects({{C, "When are you open?"},
                        {A, "We are open Monday to Friday from 7 to 23 h. More at https://t.co/abc"}}));
  CHECK(deflects({{C, "When are you open?"}, {A, "Thanks, Ana. More at https://t.co/abc"}}));
  // A question, a line with a link or another pointer is no answer.
  CHECK(deflects({{C, "My card was blocked."},
                  {A, "Did you try to pay abroad with it last week or yesterday? More at https://t.co/abc"}}));
  CHECK(deflects({{C, "My card was blocked."},
                  {A, "Everything about blocked cards and what to do is here https://t.co/x. More at https://t.co/abc"}}));
  // A remedy is an answer however short, for any pointer (not only the website one, which a
  // solve before it cancels anyway): the clause cited after the fix is no blame (CYCLE.md).
  auto blames = [&](std::vector<TurnSpec> turns) {
    return score(*engine, test::transcript(std::move(turns))).has_anti_pattern("contract_blame");
  };
  CHECK(blames({{C, "I was charged twice."}, {A, "Read the terms at https://t.co/abc"}}));
  CHECK_FALSE(blames({{C, "I was charged twice."}, {A, "Refunded. Read the terms at https://t.co/abc"}}));
  // What comes after the pointer does not count, and rules without the field are not touched.
  CHECK(deflects({{C, "When are you open?"}, {A, "More at https://t.co/abc. We are open Monday to Friday from 7 to 23 h."}}));
  CHECK(deflects({{C, "When are you open?"},
                  {A, "We are open Monday to Friday from 7 to 23 h. Please see our website."}}));
}

TEST_CASE("a customer's reaction names the agent's act in the answer before it") {
  const char* rules = R"(rules:
  - id: accusing_dishonesty
    patterns: [you are lying]
  - id: accusing_dishonesty
    name: reaction-liar
    reaction: true
    patterns: [calling me a liar, i'm not lying]
)";
  auto engine = test::english_engine({rules});
  // The agent's doubt has no accusing word; the customer's answer shows how it landed.
  auto r = score(*engine, test::transcript({{A, "Hello."},
                                            {C, "The box arrived empty."},
                                            {A, "Boxes don't usually arrive empty, do they."},
                                            {C, "Are you calling me a liar?"},
                                            {A, "I'll send a new one."}}));
  REQUIRE(r.has_anti_pattern("accusing_dishonesty"));
  const AntiPatternHit& hit = r.anti_patterns.front();
  CHECK(hit.turn == 3);  // the agent's answer, not the customer's words
  CHECK(hit.text == "Boxes don't usually arrive empty, do they.");
  CHECK(hit.rule == "en/reaction-liar");
  // Before the agent has answered anything, a reaction reacts to nothing.
  auto opening = score(*engine, test::transcript({{A, "Hello, how can I help?"},
                                                  {C, "I'm not lying, the box arrived empty."},
                                                  {A, "Let me check."}}));
  CHECK_FALSE(opening.has_anti_pattern("accusing_dishonesty"));
  REQUIRE(opening.cancelled.size() == 1);
  CHECK(opening.cancelled[0].reason == "a reaction with no agent answer before it to react to");
  // An act already caught in the agent's own words is counted once.
  auto both = score(*engine, test::transcript({{C, "The box arrived empty."},
                                               {A, "You are lying."},
                                               {C, "Are you calling me a liar?"}}));
  CHECK(std::count_if(both.anti_patterns.begin(), both.anti_patterns.end(),
                      [](const AntiPatternHit& a) { return a.id == "accusing_dishonesty"; }) == 1);
}

TEST_CASE("the score formula: weights, penalties capped by max_repeats, order") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({
                              {A, "Hello. Here is a refund."},
                              {C, "You idiots."},
                              {A, "As I already told you, a refund."},
                              {C, "Useless."},
                              {A, "As I already told you. As I already told you again."},
                              {C, "Useless, useless."},
                              {A, "As I already told you. Thank you for calling."},
                          }));
  // greet 10 + solve 20 + close 15 = 45; rudeness 3 times but counted twice: -40;
  // solve_before_listening: -5.  45 - 40 - 5 = 0.
  CHECK(hit(r, Step::greet));
  CHECK(hit(r, Step::solve));
  CHECK(hit(r, Step::close));
  CHECK(r.order.size() == 1);
  CHECK(r.order[0].id == "solve_before_listening");
  CHECK(r.score == 0);
  CHECK(r.outcome == "escalated");  // the customer's last word is still hostile
}

TEST_CASE("scoring weights come from scoring.yaml") {
  auto engine = test::english_engine({kRules}, "steps: {greet: 50}\norder_violation: 0\n");
  auto r = score(*engine, test::transcript({{A, "Hello."}, {C, "Hi"}}));
  CHECK(r.score == 50);
}

// CYCLE.md "How to decide": "management / policy / orders from above decided, not me" is
// management_deflection; an excuse points at the agent's own limits, a colleague or the
// system. With scoring.yaml `yields: {excuse: [management_deflection]}`, a turn that
// deflects to management is not also an excuse.
const char* kDeflections = R"(rules:
  - id: management_deflection
    negation: ignore
    patterns: [head office decides, above my pay grade]
  - id: excuse
    negation: ignore
    patterns: [not my fault, above my pay grade, the system won't let me]
)";

TEST_CASE("an excuse yields to management_deflection in the same turn, not in another") {
  auto engine = test::english_engine({kRules, kDeflections}, "yields: {excuse: [management_deflection]}\n");
  auto same = score(*engine, test::transcript({{C, "Refund the fee."}, {A, "That's above my pay grade, head office decides."}}));
  CHECK(same.has_anti_pattern("management_deflection"));
  CHECK_FALSE(same.has_anti_pattern("excuse"));
  auto yielded = std::find_if(same.cancelled.begin(), same.cancelled.end(), [](const Cancelled& c) { return c.id == "excuse"; });
  REQUIRE(yielded != same.cancelled.end());
  CHECK(yielded->turn == 2);
  CHECK(yielded->reason == "yields to management_deflection in the same turn (scoring.yaml yields)");
  // Only the deflection costs points.
  CHECK(std::none_of(same.breakdown.begin(), same.breakdown.end(), [](const ScoreItem& b) { return b.what == "excuse"; }));
  // Disowning in one turn and deflecting to management in another: both happened.
  auto apart = score(*engine, test::transcript({{C, "Refund the fee."},
                                                {A, "Not my fault."},
                                                {C, "Then whose?"},
                                                {A, "Head office decides."}}));
  CHECK(apart.has_anti_pattern("excuse"));
  CHECK(apart.has_anti_pattern("management_deflection"));
  // An excuse alone stays an excuse.
  auto alone = score(*engine, test::transcript({{C, "Refund the fee."}, {A, "Sorry, the system won't let me."}}));
  CHECK(alone.has_anti_pattern("excuse"));
}

TEST_CASE("scoring.yaml yields: none by default; which way is the team's choice") {
  auto off = test::english_engine({kRules, kDeflections});
  auto both = score(*off, test::transcript({{C, "Refund the fee."}, {A, "That's above my pay grade, head office decides."}}));
  CHECK(both.has_anti_pattern("excuse"));
  CHECK(both.has_anti_pattern("management_deflection"));
  auto reversed = test::english_engine({kRules, kDeflections}, "yields: {management_deflection: [excuse]}\n");
  auto r = score(*reversed, test::transcript({{C, "Refund the fee."}, {A, "That's above my pay grade, head office decides."}}));
  CHECK(r.has_anti_pattern("excuse"));
  CHECK_FALSE(r.has_anti_pattern("management_deflection"));
}

TEST_CASE("slow_response: nudges do not restart the clock; a customer's pause stops it") {
  auto engine = test::english_engine({kRules});
  // 10:00 question, 10:20 nudge, 11:30 reply: 90 minutes after the first message.
  auto slow = score(*engine, test::transcript({{C, "Where is my order?", 36000},
                                               {C, "Hello??", 37200},
                                               {A, "Hello, order number?", 41400}}));
  REQUIRE(slow.has_anti_pattern("slow_response"));
  CHECK(slow.timing.first_response_s == 5400);
  CHECK(slow.timing.longest_wait_s == 5400);
  // The customer goes away for two hours after "give me a minute": not the agent's delay.
  auto paused = score(*engine, test::transcript({{A, "Hello, order number?", 0},
                                                 {C, "Give me a minute.", 30},
                                                 {C, "It is 5521.", 7200},
                                                 {A, "Thanks, a refund then.", 7260}}));
  CHECK_FALSE(paused.has_anti_pattern("slow_response"));
  CHECK(paused.timing.longest_wait_s == 60);
  // Calls have no slow_response by default: holds are not silence.
  auto call = score(*engine, test::transcript({{C, "Hi", 0}, {A, "Hello", 4000}}, "call"));
  CHECK_FALSE(call.has_anti_pattern("slow_response"));
}

TEST_CASE("outcomes follow the customer's signals") {
  CHECK(decide_outcome({{"hostility", 2, "", ""}, {"satisfied", 9, "", ""}}, 7) == "de-escalated");
  CHECK(decide_outcome({{"hostility", 2, "", ""}}, 7) == "de-escalated");  // hostile early, calm late
  CHECK(decide_outcome({{"satisfied", 8, "", ""}, {"threat", 9, "", ""}}, 7) == "escalated");
  CHECK(decide_outcome({}, 7) == "unresolved");
}

TEST_CASE("a customer's opening complaint is not the end of a short conversation") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({{C, "You useless idiots, where is my order?"}, {A, "Hello, a refund then."}}));
  CHECK(r.has_signal("hostility"));
  CHECK(r.outcome == "de-escalated");  // hostile at the start, calm at the end (CYCLE.md)
}

TEST_CASE("satisfaction followed by a threat is not satisfaction") {
  auto engine = test::english_engine({kRules});
  auto r = score(*engine, test::transcript({{A, "Hello."}, {C, "Thanks. But I will call my lawyer."}, {A, "Ok."}}));
  CHECK_FALSE(r.has_signal("satisfied"));
  CHECK(r.has_signal("threat"));
}

TEST_CASE("angry capitals are hostility; an acronym is not") {
  auto engine = test::english_engine({kRules});
  auto shouting = score(*engine, test::transcript({{A, "Hello."}, {C, "I WANT MY MONEY BACK"}}));
  CHECK(shouting.has_signal("hostility"));
  auto acronym = score(*engine, test::transcript({{A, "Hello."}, {C, "My ATM card and the USB key from IBM"}}));
  CHECK_FALSE(acronym.has_signal("hostility"));
  // A whole sentence in capitals shouts even when most of its words are short (a real tweet).
  auto short_words = score(*engine, test::transcript({{A, "Hello."}, {C, "PAY ATTENTION TO ME"}}));
  CHECK(short_words.has_signal("hostility"));
  auto two_words = score(*engine, test::transcript({{A, "Hello."}, {C, "OK THX"}}));
  CHECK_FALSE(two_words.has_signal("hostility"));
}

TEST_CASE("capitals in @handles and #hashtags are names, not shouting") {
  // Real tweets to service accounts (en_complaints_twitter_preotiuc): "@SEPTA_SOCIAL @SEPTA Thank you!"
  auto engine = test::english_engine({kRules});
  auto handles = score(*engine, test::transcript({{A, "Hello."}, {C, "@SEPTA_SOCIAL @SEPTA Thank you!"}}));
  CHECK_FALSE(handles.has_signal("hostility"));
  auto hashtags = score(*engine, test::transcript({{A, "Hello."}, {C, "#NEVERAGAIN #WORST @AIRLINE_UK see you"}}));
  CHECK_FALSE(hashtags.has_signal("hostility"));
  auto shouting = score(*engine, test::transcript({{A, "Hello."}, {C, "@septa WHERE IS MY REFUND YOU PEOPLE"}}));
  CHECK(shouting.has_signal("hostility"));
}

TEST_CASE("reference codes in capitals are not shouting") {
  // A customer's booking references (round 41): "PIR BOGAA41187, reserva K7TQ2M."
  auto engine = test::english_engine({kRules});
  auto codes = score(*engine, test::transcript({{A, "Hello."}, {C, "PIR BOGAA41187, booking K7TQ2M."}}));
  CHECK_FALSE(codes.has_signal("hostility"));
  auto shouting = score(*engine, test::transcript({{A, "Hello."}, {C, "WHERE IS MY REFUND YOU PEOPLE, BOOKING K7TQ2M"}}));
  CHECK(shouting.has_signal("hostility"));
}

TEST_CASE("joyful capitals are not hostility: thanks in the same turn, or laughter") {
  // CYCLE.md: hostility is shouting in anger, "not joyful '!!!'".
  auto engine = test::english_engine({kRules});
  auto thanks = score(*engine, test::transcript({{A, "Done, refunded."}, {C, "THANK YOU SO MUCH, YOU ARE GREAT!!!"}}));
  CHECK_FALSE(thanks.has_signal("hostility"));
  CHECK(thanks.has_signal("satisfied"));
  for (const char* laugh : {"HAHAHA WHAT A STORY THIS WAS", "JAJAJA WHAT A STORY THIS WAS", "ХАХАХА WHAT A STORY THIS WAS",
                            "LOL WHAT A STORY THIS WAS"}) {
    CAPTURE(laugh);
    CHECK_FALSE(score(*engine, test::transcript({{A, "Hello."}, {C, laugh}})).has_signal("hostility"));
  }
  // Capitals with no thanks and no laughter stay hostility; a "HA" is no laugh.
  CHECK(score(*engine, test::transcript({{A, "Hello."}, {C, "HA WHAT A STORY THIS WAS"}})).has_signal("hostility"));
  CHECK(score(*engine, test::transcript({{A, "Hello."}, {C, "WHERE IS MY ORDER, THREE WEEKS NOW"}})).has_signal("hostility"));
}

}  // namespace defuse
