#include "core/transcript.h"

namespace defuse {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::agent: return "agent";
    case Role::customer: return "customer";
    case Role::other: return "other";
  }
  return "other";
}

}  // namespace defuse
