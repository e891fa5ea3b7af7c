#include "core/ids.h"

namespace defuse {

std::optional<IdRef> find_rule_id(std::string_view id) {
  for (int i = 0; i < kStepCount; ++i)
    if (kStepIds[i] == id) return IdRef{IdKind::step, i};
  for (int i = 0; i < kLexicalAntiPatternCount; ++i)
    if (kAntiPatternIds[i] == id) return IdRef{IdKind::anti_pattern, i};
  for (int i = 0; i < kSignalCount; ++i)
    if (kSignalIds[i] == id) return IdRef{IdKind::signal, i};
  if (id == kCustomerPauseId) return IdRef{IdKind::auxiliary, 0};
  return std::nullopt;
}

}  // namespace defuse
