#include "match/typo.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/blob.h"
#include "match/stemmer.h"
#include "normalize/fold.h"

namespace defuse {
namespace {

// Code points of a UTF-8 word; false when it holds anything but letters and apostrophes
// (numbers, codes, hyphenated words are not typos of lexicon words).
bool letters_of(std::string_view word, std::u32string& out) {
  out.clear();
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(word.size());) {
    UChar32 c;
    U8_NEXT(word.data(), i, static_cast<std::int32_t>(word.size()), c);
    if (c < 0 || (c != '\'' && !u_isalpha(c))) return false;
    out.push_back(static_cast<char32_t>(c));
  }
  return true;
}

constexpr std::uint64_t kBase = 0x100000001b3ull;  // odd: multiplying by it loses nothing

std::uint64_t finish_hash(std::uint64_t h, std::size_t length, TypoIndex::Kind kind) {
  // Mixed with the length and kind, so that keys of other kinds never answer a query.
  h ^= (static_cast<std::uint64_t>(length) << 8 | static_cast<std::uint64_t>(kind)) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 29;
  return h | 1;  // never 0, which marks an empty slot
}


}  // namespace

// Polynomial prefix hashes of a code point string: prefix[i] hashes its first i letters, so
// the hash of the string with letter i deleted is prefix[i] * kBase^(n-1-i) + the hash of
// the letters after i, each in constant time.
struct TypoIndex::Hashes {
  std::vector<std::uint64_t> prefix, power;
  explicit Hashes(const std::u32string& s) : prefix(s.size() + 1), power(s.size() + 1) {
    power[0] = 1;
    for (std::size_t i = 0; i < s.size(); ++i) {
      prefix[i + 1] = prefix[i] * kBase + static_cast<std::uint64_t>(s[i]) + 1;
      power[i + 1] = power[i] * kBase;
    }
  }
  // Hash of letters [0, n) with letter `skip` left out (skip == n: none).
  std::uint64_t without(std::size_t n, std::size_t skip) const {
    if (skip >= n) return prefix[n];
    const std::uint64_t after = prefix[n] - prefix[skip + 1] * power[n - skip - 1];
    return prefix[skip] * power[n - skip - 1] + after;
  }
};

std::size_t edit_distance(std::u32string_view a, std::u32string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  // Three rows are enough for the adjacent swap.
  std::vector<std::size_t> two(b.size() + 1), one(b.size() + 1), row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) one[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], two[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return one[b.size()];
}

void TypoIndex::add(Kind kind, std::string_view key, std::uint32_t term) {
  std::u32string letters;
  // A prefix is the start of many words: one letter from a short one is no evidence.
  const std::size_t min_letters = kind == Kind::prefix ? kMinKeyLetters + 1 : kMinKeyLetters;
  if (!letters_of(key, letters) || letters.size() < min_letters) return;
  keys_.push_back({std::string(key), term, kind});
}

void TypoIndex::insert(std::uint64_t hash, std::uint32_t key) {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1;
  std::size_t i = hash & mask;
  while (slots_[i].tag != 0) {
    if (slots_[i].tag == tag && slots_[i].key == key) return;  // "aab": two deletions alike
    i = (i + 1) & mask;
  }
  slots_[i] = {tag, key};
  filter_[(hash >> 20) % (filter_.size() * 64) / 64] |= 1ull << ((hash >> 20) % 64);
}

bool TypoIndex::may_have(std::uint64_t hash) const {
  return filter_[(hash >> 20) % (filter_.size() * 64) / 64] >> ((hash >> 20) % 64) & 1;
}

void TypoIndex::finish() {
  // A key of n letters is indexed as itself and as each of its n one-letter deletions.
  std::size_t entries = 0;
  std::vector<std::u32string> letters(keys_.size());
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    letters_of(keys_[k].text, letters[k]);
    entries += letters[k].size() + 1;
  }
  std::size_t size = 1024;
  while (size < entries + entries / 4) size *= 2;  // at most 80 % full: the filter stops most probes
  slots_.assign(size, Slot{});
  filter_.assign(size * 4 / 64, 0);  // 8 filter bits per entry: about 1 false pass in 9
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const std::u32string& s = letters[k];
    const Hashes h(s);
    const auto key = static_cast<std::uint32_t>(k);
    insert(finish_hash(h.prefix[s.size()], s.size(), keys_[k].kind), key);
    for (std::size_t i = 0; i < s.size(); ++i) insert(finish_hash(h.without(s.size(), i), s.size() - 1, keys_[k].kind), key);
    if (keys_[k].kind == Kind::prefix && std::find(prefix_lengths_.begin(), prefix_lengths_.end(), s.size()) == prefix_lengths_.end())
      prefix_lengths_.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(s.size(), 255)));
  }
  std::sort(prefix_lengths_.begin(), prefix_lengths_.end());
}

void TypoIndex::look_up(std::uint64_t hash, const std::u32string& query, std::size_t query_length,
                        std::vector<std::uint32_t>& out) const {
  if (!may_have(hash)) return;
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1;
  std::u32string key_letters;
  for (std::size_t i = hash & mask; slots_[i].tag != 0; i = (i + 1) & mask) {
    if (slots_[i].tag != tag) continue;
    const Key& key = keys_[slots_[i].key];
    letters_of(key.text, key_letters);
    // A shared deletion is not always one edit ("abcd" and "bcde" share "bcd"): check.
    // Typists rarely get the first letter wrong, while names and foreign words differ from
    // lexicon words there all the time ("Sandro", «Стивенидж»): it must be the same. So must
    // a prefix's last letter, or every word that goes on differently would be one edit
    // from it ("mand" and "many").
    const std::u32string_view segment = std::u32string_view(query).substr(0, query_length);
    if (segment.empty() || segment.front() != key_letters.front()) continue;
    if (key.kind == Kind::prefix && segment.back() != key_letters.back()) continue;
    if (edit_distance(segment, key_letters, 1) == 1) out.push_back(slots_[i].key);
  }
}

// The keys of `kind` one edit from the first `length` letters of `query` (whose prefix hashes
// are `h`): those sharing the query itself or one of its deletions, as the key itself or one
// of its deletions.
void TypoIndex::near_keys(const std::u32string& query, const Hashes& h, std::size_t length, Kind kind,
                          std::vector<std::uint32_t>& out) const {
  if (length > query.size()) return;
  look_up(finish_hash(h.prefix[length], length, kind), query, length, out);
  for (std::size_t i = 0; i < length; ++i) look_up(finish_hash(h.without(length, i), length - 1, kind), query, length, out);
}

void TypoIndex::near_terms(std::string_view folded, std::string_view stem, std::vector<std::uint32_t>& out) const {
  if (keys_.empty()) return;
  std::u32string word, stem_letters;
  if (!letters_of(folded, word) || word.size() < kMinWordLetters || word.size() > 40) return;
  std::vector<std::uint32_t> keys;
  const Hashes word_hashes(word);  // one pass over the word for every length asked below
  near_keys(word, word_hashes, word.size(), Kind::exact, keys);
  if (letters_of(stem, stem_letters) && stem_letters.size() >= kMinKeyLetters - 1)
    near_keys(stem_letters, Hashes(stem_letters), stem_letters.size(), Kind::stem, keys);
  // A prefix key of n letters against the word's first n-1, n and n+1 letters: a letter
  // dropped, replaced or swapped, or one added inside the prefix.
  for (std::uint8_t n : prefix_lengths_) {
    if (n + 1u < word.size()) near_keys(word, word_hashes, n + 1u, Kind::prefix, keys);
    if (n < word.size()) near_keys(word, word_hashes, n, Kind::prefix, keys);
    near_keys(word, word_hashes, n - 1u, Kind::prefix, keys);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  if (std::count_if(keys.begin(), keys.end(), [&](std::uint32_t k) { return keys_[k].kind == Kind::stem; }) >
      static_cast<std::ptrdiff_t>(kMaxStemReadings))
    return;
  for (std::uint32_t k : keys) out.push_back(keys_[k].term);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

std::vector<std::string> KnownWords::names(std::string_view spelling) {
  std::vector<std::string> out;
  std::string name;
  for (char c : spelling) {
    if (c == ' ' || c == ',') {
      if (!name.empty()) out.push_back(std::move(name));
      name.clear();
    } else {
      name.push_back(c);
    }
  }
  if (!name.empty()) out.push_back(std::move(name));
  return out;
}

std::string KnownWords::find_dictionary(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return "";
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("DICPATH"); env && *env) {
    std::string_view rest = env;
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      dirs.emplace_back(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    }
  }
  dirs.emplace_back("/usr/share/hunspell");
  dirs.emplace_back("/usr/share/myspell/dicts");
  std::error_code ec;
  for (const auto& dir : dirs) {
    const std::filesystem::path dic = std::filesystem::path(dir) / (name + ".dic");
    if (std::filesystem::exists(dic, ec)) return dic.string();
  }
  return "";
}

namespace {
constexpr std::uint64_t kWordSeed = 0x6b6e6f776e2d7764ull, kStemSeed = 0x6b6e6f776e2d7374ull;
}  // namespace

KnownWords KnownWords::read_dictionaries(std::string_view spelling, const std::string& stemmer_name,
                                         std::vector<std::string>& missing) {
  KnownWords known;
  Stemmer stemmer(stemmer_name);
  std::string folded;
  for (const auto& name : names(spelling)) {
    const std::string path = find_dictionary(name);
    std::ifstream in(path);
    if (path.empty() || !in) {
      missing.push_back(name);
      continue;
    }
    // A .dic file: a count, then one entry a line, "word/FLAGS" and maybe morphology after
    // a tab. (Debian's are UTF-8; the flags add endings, which the stem stands for.)
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const std::size_t end = line.find_first_of("/\t ");
      const std::string_view word = std::string_view(line).substr(0, end);
      if (word.empty()) continue;
      folded.clear();
      fold_into(word, folded);
      known.hashes_.push_back(static_cast<std::uint32_t>(fingerprint(folded, kWordSeed)));
      if (stemmer.ok()) known.hashes_.push_back(static_cast<std::uint32_t>(fingerprint(stemmer.stem(folded), kStemSeed)));
    }
  }
  std::sort(known.hashes_.begin(), known.hashes_.end());
  known.hashes_.erase(std::unique(known.hashes_.begin(), known.hashes_.end()), known.hashes_.end());
  return known;
}

bool KnownWords::knows(std::string_view folded, std::string_view stem) const {
  return std::binary_search(hashes_.begin(), hashes_.end(), static_cast<std::uint32_t>(fingerprint(folded, kWordSeed))) ||
         std::binary_search(hashes_.begin(), hashes_.end(), static_cast<std::uint32_t>(fingerprint(stem, kStemSeed)));
}

}  // namespace defuse
