// Snowball stemming (libstemmer). A Stemmer is not thread-safe: each thread owns its own.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace defuse {

class Stemmer {
 public:
  /// `algorithm` is a Snowball name ("english", "spanish", "russian"); "" or an unknown
  /// name gives a stemmer that returns words unchanged (check ok()).
  explicit Stemmer(const std::string& algorithm);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  bool ok() const { return stemmer_ != nullptr; }
  /// The stem of an already folded word.
  std::string stem(std::string_view folded_word);

 private:
  sb_stemmer* stemmer_ = nullptr;
  bool spanish_ = false;
};

}  // namespace defuse
