#include "report/grid.h"

#include <algorithm>

#include "report/agent_report.h"
#include "report/text_table.h"

namespace defuse {

void Grid::row(std::vector<std::string> cells, std::vector<std::string> colors) {
  cells.resize(columns_.size());
  colors.resize(columns_.size());
  rows_.push_back({std::move(cells), std::move(colors), false});
}

void Grid::section(std::string label) { rows_.push_back({{std::move(label)}, {}, true}); }

std::string Grid::render_text(bool color, std::string_view indent) const {
  std::vector<std::size_t> width(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    width[c] = display_width(columns_[c].header);
    for (const auto& row : rows_)
      if (!row.section) width[c] = std::max(width[c], display_width(row.cells[c]));
    if (columns_[c].max > 0) width[c] = std::min(width[c], std::max(columns_[c].max, display_width(columns_[c].header)));
  }
  auto cell = [&](std::size_t c, std::string_view text) {
    std::size_t w = display_width(text);
    if (w > width[c]) return fit(text, width[c]);
    std::string pad(width[c] - w, ' ');
    return columns_[c].right ? pad + std::string(text) : std::string(text) + pad;
  };
  auto finish_line = [](std::string& line) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    line.push_back('\n');
  };
  std::string out;
  std::string header(indent);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c > 0) header += "  ";
    header += cell(c, columns_[c].header);
  }
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out += paint(header, "1", color) + "\n";
  for (const auto& row : rows_) {
    std::string line(indent);
    if (row.section) {
      line += paint(row.cells[0], "2", color);
      finish_line(line);
      out += line;
      continue;
    }
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) line += "  ";
      std::string text = cell(c, row.cells[c]);
      line += row.colors[c].empty() ? text : paint(text, row.colors[c], color);
    }
    finish_line(line);
    out += line;
  }
  return out;
}

std::string Grid::render_markdown() const {
  std::string out = "|";
  for (const auto& c : columns_) out += " " + markdown_escape(c.header) + " |";
  out += "\n|";
  for (const auto& c : columns_) out += c.right ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : rows_) {
    if (row.section && row.cells[0].empty()) continue;  // a blank separator line on the terminal
    out += "|";
    if (row.section) {
      out += " **" + markdown_escape(row.cells[0]) + "** |";
      for (std::size_t c = 1; c < columns_.size(); ++c) out += "  |";
    } else {
      for (const auto& text : row.cells) out += " " + markdown_escape(text) + " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace defuse
