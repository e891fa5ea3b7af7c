// The HTML renderings of report, compare and explain: each one self-contained file (inline
// CSS, inline SVG charts, a few lines of inline script for sorting) that a lead opens from
// disk or mails around. A Content-Security-Policy forbids every network request, so a page
// can never leak data or break when offline. Every piece of text from a transcript or a
// record goes through html_escape.
#pragma once

#include <string>
#include <string_view>

namespace defuse {

struct AgentReport;
struct Comparison;
struct CoachingView;

/// Escapes & < > " ' for text and attribute values.
std::string html_escape(std::string_view text);

std::string render_report_html(const AgentReport& report);
std::string render_comparison_html(const Comparison& comparison);
std::string render_coaching_html(const CoachingView& view);

}  // namespace defuse
