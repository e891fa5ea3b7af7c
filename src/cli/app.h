// Command-line layer: CLI11 flags -> options structs -> the library's commands.
// Exit status (man page, EXIT STATUS): 0 all inputs scored; 1 a quality gate failed
// (--fail-under); 2 usage error, broken lexicon, or any input skipped; 130 interrupted.
#pragma once

namespace defuse {

inline constexpr int kExitOk = 0;
inline constexpr int kExitGate = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

int run_cli(int argc, char** argv);

}  // namespace defuse
