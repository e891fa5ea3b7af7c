// Aligned text columns for the terminal and Markdown renderings of report, compare and
// explain: one place that knows about display widths, so CJK names or Cyrillic text keep
// the columns straight.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace defuse {

struct GridColumn {
  std::string header;
  bool right = false;     // right-align (numbers)
  std::size_t max = 0;    // cut cells wider than this ("…"); 0: no limit
};

class Grid {
 public:
  explicit Grid(std::vector<GridColumn> columns) : columns_(std::move(columns)) {}
  /// Adds a row. `colors` holds an ANSI SGR code per cell ("" for none); it is applied after
  /// padding, so colour never shifts the columns.
  void row(std::vector<std::string> cells, std::vector<std::string> colors = {});
  /// A row that spans the table as a label ("by language"); Markdown shows it in bold.
  void section(std::string label);
  bool empty() const { return rows_.empty(); }

  /// Two spaces between columns; a bold header when `color`.
  std::string render_text(bool color, std::string_view indent = "") const;
  /// A GitHub-flavoured Markdown table; cells are escaped.
  std::string render_markdown() const;

 private:
  struct Row {
    std::vector<std::string> cells;
    std::vector<std::string> colors;
    bool section = false;
  };
  std::vector<GridColumn> columns_;
  std::vector<Row> rows_;
};

}  // namespace defuse
