// The product's interface: step, anti-pattern and customer-signal IDs from CYCLE.md.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace defuse {

enum class Step : int { greet, clarify, empathize, apologize, solve, commit, close };
inline constexpr int kStepCount = 7;
inline constexpr std::array<std::string_view, kStepCount> kStepIds = {
    "greet", "clarify", "empathize", "apologize", "solve", "commit", "close"};

enum class AntiPattern : int {
  contract_blame, management_deflection, website_deflection, third_party_blame, arguing,
  rudeness, two_news, excuse, accusing_dishonesty, slow_response, no_closure
};
inline constexpr int kAntiPatternCount = 11;
inline constexpr std::array<std::string_view, kAntiPatternCount> kAntiPatternIds = {
    "contract_blame", "management_deflection", "website_deflection", "third_party_blame",
    "arguing", "rudeness", "two_news", "excuse", "accusing_dishonesty", "slow_response",
    "no_closure"};
/// The first nine anti-patterns come from words; slow_response and no_closure from structure.
inline constexpr int kLexicalAntiPatternCount = 9;

enum class Signal : int { hostility, threat, satisfied };
inline constexpr int kSignalCount = 3;
inline constexpr std::array<std::string_view, kSignalCount> kSignalIds = {
    "hostility", "threat", "satisfied"};

/// Auxiliary rule IDs that feed structure rather than the score: `customer_pause` (the
/// customer asks the agent to wait: the gap it causes is not the agent's slowness).
inline constexpr std::string_view kCustomerPauseId = "customer_pause";

/// What a rule ID names.
enum class IdKind { step, anti_pattern, signal, auxiliary };
struct IdRef {
  IdKind kind;
  int index;  // into the matching array above; 0 for auxiliary
};
/// Looks up any rule ID; nullopt when unknown. Structural anti-patterns are not rule IDs.
std::optional<IdRef> find_rule_id(std::string_view id);

}  // namespace defuse
