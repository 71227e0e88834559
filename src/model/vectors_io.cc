#include "src/model/vectors_io.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/io/byte_source.h"
#include "src/util/atomic_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// ---------------------------------------------------------------------------
// Shared parsing helpers.

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A word or a bad token, quoted for a message: escaped and cut short.
std::string Quote(absl::string_view s) {
  constexpr size_t kMax = 40;
  std::string q = absl::StrCat("'", absl::CHexEscape(s.substr(0, kMax)), "'");
  if (s.size() > kMax) absl::StrAppend(&q, "...");
  return q;
}

struct Header {
  int64_t count = 0;
  int64_t dim = 0;
  size_t body = 0;  // offset of the first record
};

enum class IntResult { kOk, kNone, kTooLarge };

IntResult ParseInt(const char*& p, const char* end, int64_t* value) {
  const auto [next, ec] = std::from_chars(p, end, *value);
  if (ec == std::errc::result_out_of_range) return IntResult::kTooLarge;
  if (ec != std::errc() || next == p) return IntResult::kNone;
  p = next;
  return IntResult::kOk;
}

absl::StatusOr<Header> ParseHeader(absl::string_view data,
                                   const std::string& path) {
  if (data.empty()) {
    return absl::DataLossError(absl::StrCat(path, ": the file is empty"));
  }
  const size_t newline = data.find('\n');
  const absl::string_view line = data.substr(
      0, newline == absl::string_view::npos ? data.size() : newline);
  const auto bad = [&](absl::string_view why) {
    return absl::DataLossError(
        absl::StrCat(path, ": line 1: bad header ", Quote(line), ": ", why,
                     " (expected \"<word count> <dimension>\")"));
  };
  if (newline == absl::string_view::npos) return bad("no line end");
  Header header;
  const char* p = line.data();
  const char* end = line.data() + line.size();
  while (p < end && IsBlank(*p)) ++p;
  // A count beyond 64 bits is corrupt, not missing: say which.
  const auto number = [&](int64_t* value,
                          absl::string_view what) -> std::string {
    switch (ParseInt(p, end, value)) {
      case IntResult::kOk:
        return "";
      case IntResult::kNone:
        return absl::StrCat("no ", what);
      case IntResult::kTooLarge:
        return absl::StrCat("the ", what, " does not fit in 64 bits");
    }
    return "";
  };
  if (std::string why = number(&header.count, "word count"); !why.empty()) {
    return bad(why);
  }
  if (p == end || !IsBlank(*p)) return bad("no dimension");
  while (p < end && IsBlank(*p)) ++p;
  if (std::string why = number(&header.dim, "dimension"); !why.empty()) {
    return bad(why);
  }
  while (p < end && (IsBlank(*p) || *p == '\r')) ++p;
  if (p != end) return bad("more than two numbers");
  if (header.count <= 0) return bad("the word count must be at least 1");
  if (header.dim <= 0 || header.dim > kMaxVectorDim) {
    return bad(
        absl::StrCat("the dimension must be in [1, ", kMaxVectorDim, "]"));
  }
  header.body = newline + 1;
  return header;
}

// Parses one float at p (std::from_chars, plus an optional leading '+', which
// Python's float() accepts). Values too small for a float become 0 or a
// subnormal, as numpy does; returns false on anything else.
bool ParseFloat(const char*& p, const char* end, float* value) {
  const char* start = p;
  if (start < end && *start == '+' && end - start > 1 && start[1] != '-' &&
      start[1] != '+') {
    ++start;
  }
  auto [next, ec] = std::from_chars(start, end, *value);
  if (ec == std::errc::result_out_of_range) {
    double wide;
    const auto [wide_next, wide_ec] = std::from_chars(start, end, wide);
    if (wide_ec != std::errc() || std::fabs(wide) >= 1.0) return false;
    *value = static_cast<float>(wide);
    next = wide_next;
  } else if (ec != std::errc()) {
    return false;
  }
  p = next;
  return true;
}

// Why a text row's values could not be parsed; `token` is the bad value.
enum class RowError { kNone, kTooFew, kTooMany, kNotNumber, kNotFinite };

struct RowResult {
  RowError error = RowError::kNone;
  int64_t values = 0;  // values found (kTooFew) or index of the bad one
  absl::string_view token;
  const char* line_end = nullptr;  // the "\n" or the end of the data
};

// Between text values: CR too, so that CRLF needs no pass of its own.
bool IsSeparator(char c) { return IsBlank(c) || c == '\r'; }

// Parses the values of one text record, from just after its word to the end
// of its line, into row[0, dim). One pass: the line end is found on the way.
RowResult ParseTextValues(const char* p, const char* end, int64_t dim,
                          float* row) {
  RowResult result;
  int64_t k = 0;
  while (true) {
    while (p < end && IsSeparator(*p)) ++p;
    if (p == end || *p == '\n') break;
    const char* token = p;
    if (k == dim) {
      result.error = RowError::kTooMany;
      result.values = k;
      return result;
    }
    float value;
    if (!ParseFloat(p, end, &value) ||
        (p < end && !IsSeparator(*p) && *p != '\n')) {
      while (p < end && !IsSeparator(*p) && *p != '\n') ++p;
      result.error = RowError::kNotNumber;
      result.values = k;
      result.token = absl::string_view(token, p - token);
      return result;
    }
    if (!std::isfinite(value)) {
      result.error = RowError::kNotFinite;
      result.values = k;
      result.token = absl::string_view(token, p - token);
      return result;
    }
    row[k++] = value;
  }
  if (k < dim) {
    result.error = RowError::kTooFew;
    result.values = k;
  }
  result.line_end = p;
  return result;
}

const char* LineEnd(const char* p, const char* end) {
  const void* nl = std::memchr(p, '\n', end - p);
  return nl != nullptr ? static_cast<const char*>(nl) : end;
}

bool IsPrintableOrBlank(char c) {
  return (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\r';
}

VectorFormat DetectFormat(absl::string_view body, int64_t dim) {
  const char* begin = body.data();
  const char* end = begin + body.size();
  const char* line_end = LineEnd(begin, end);
  const char* space =
      static_cast<const char*>(std::memchr(begin, ' ', line_end - begin));
  // No space on the first line: no valid record either way; the text parser
  // names the line.
  if (space == nullptr) return VectorFormat::kText;
  const char* rest = space + 1;
  if (!std::all_of(rest, line_end, IsPrintableOrBlank)) {
    return VectorFormat::kBinary;
  }
  std::vector<float> scratch(dim);
  const RowResult row = ParseTextValues(rest, end, dim, scratch.data());
  const size_t vector_bytes = static_cast<size_t>(dim) * sizeof(float);
  const bool fits_binary = static_cast<size_t>(end - rest) >= vector_bytes &&
                           (static_cast<size_t>(end - rest) == vector_bytes ||
                            rest[vector_bytes] == '\n');
  return row.error != RowError::kNone && fits_binary ? VectorFormat::kBinary
                                                     : VectorFormat::kText;
}

// Collects the words, rejecting duplicates with where the first one was.
class WordTable {
 public:
  explicit WordTable(int64_t rows) {
    seen_.reserve(rows);
    words_.reserve(rows);
  }
  // Returns the position of the earlier copy of `word`, or -1 after adding it.
  int64_t Add(absl::string_view word, int64_t position) {
    const auto [it, inserted] = seen_.try_emplace(word, position);
    if (!inserted) return it->second;
    words_.emplace_back(word);
    return -1;
  }
  std::vector<std::string> Release() { return std::move(words_); }

 private:
  // Views into the file's bytes, which outlive the table.
  absl::flat_hash_map<absl::string_view, int64_t> seen_;
  std::vector<std::string> words_;
};

absl::StatusOr<Matrix> AllocateRows(int64_t rows, int64_t dim,
                                    const std::string& path) {
  Matrix matrix(rows, dim);
  if (matrix.data() == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": cannot allocate ", rows, " x ", dim, " vectors"));
  }
  return matrix;
}

// The number of records to read, checked against what the file's size can
// hold so that a corrupt or hostile header cannot make us allocate.
absl::StatusOr<int64_t> RowsToRead(const Header& header, int64_t limit,
                                   int64_t max_records, absl::string_view where,
                                   const std::string& path) {
  const int64_t rows = limit > 0 ? std::min(limit, header.count) : header.count;
  if (rows > max_records) {
    return absl::DataLossError(
        absl::StrCat(path, ": ", where, ": the header announces ", header.count,
                     " words of dimension ", header.dim,
                     " but the rest of the file can hold at most ", max_records,
                     " such records; is the file truncated or its header "
                     "wrong?"));
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Text.

absl::StatusOr<WordVectors> ReadText(absl::string_view data,
                                     const Header& header, int64_t limit,
                                     const std::string& path) {
  const char* p = data.data() + header.body;
  const char* end = data.data() + data.size();
  const int64_t dim = header.dim;
  // A record takes at least a 1-byte word and dim blank-number pairs, and all
  // but the last end with "\n".
  const int64_t max_records = (end - p + 1) / (2 * dim + 2);
  ASSIGN_OR_RETURN(const int64_t rows,
                   RowsToRead(header, limit, max_records, "line 1", path));
  ASSIGN_OR_RETURN(Matrix matrix, AllocateRows(rows, dim, path));
  WordTable table(rows);
  int64_t line = 2;
  for (int64_t r = 0; r < rows; ++r, ++line) {
    const auto error = [&](absl::string_view what) {
      return absl::DataLossError(
          absl::StrCat(path, ": line ", line, ": ", what));
    };
    if (p == end) {
      return error(absl::StrCat("the file ends after ", r,
                                " words; its header says ", header.count));
    }
    const char* word_end = p;
    while (word_end < end && !IsSeparator(*word_end) && *word_end != '\n') {
      ++word_end;
    }
    const absl::string_view word(p, word_end - p);
    if (word.empty()) {
      const char* content = p;
      while (content < end && IsSeparator(*content)) ++content;
      return error(absl::StrCat("expected a word and ", dim, " values, found ",
                                content == end || *content == '\n'
                                    ? "an empty line"
                                    : "no word before a blank"));
    }
    // Text never holds NUL: this is a binary file, or was forced as text.
    if (const size_t nul = word.find('\0'); nul != absl::string_view::npos) {
      return error(absl::StrCat("word ", Quote(word), " holds a NUL byte at ",
                                "its byte ", nul + 1,
                                "; is this a binary file read as text?"));
    }
    const RowResult row = ParseTextValues(word_end, end, dim, matrix.row(r));
    switch (row.error) {
      case RowError::kNone:
        break;
      case RowError::kTooFew:
        return error(absl::StrCat("word ", Quote(word), " has ", row.values,
                                  " values; expected ", dim));
      case RowError::kTooMany:
        return error(absl::StrCat("word ", Quote(word),
                                  " has more than the expected ", dim,
                                  " values"));
      case RowError::kNotNumber:
        return error(absl::StrCat("value ", row.values + 1, " of word ",
                                  Quote(word), ", ", Quote(row.token),
                                  ", is not a float"));
      case RowError::kNotFinite:
        return error(absl::StrCat("value ", row.values + 1, " of word ",
                                  Quote(word), ", ", Quote(row.token),
                                  ", is not finite"));
    }
    if (const int64_t first = table.Add(word, line); first >= 0) {
      return error(absl::StrCat("duplicate word ", Quote(word),
                                " (first on line ", first, ")"));
    }
    p = row.line_end == end ? end : row.line_end + 1;
  }
  if (rows == header.count) {
    const char* extra = std::find_if_not(
        p, end, [](char c) { return IsBlank(c) || c == '\r' || c == '\n'; });
    if (extra != end) {
      line += std::count(p, extra, '\n');
      return absl::DataLossError(
          absl::StrCat(path, ": line ", line, ": more records than the ",
                       header.count, " the header announces"));
    }
  }
  WordVectors result;
  result.words = table.Release();
  result.vectors = std::move(matrix);
  return result;
}

// ---------------------------------------------------------------------------
// Binary.

absl::StatusOr<WordVectors> ReadBinary(absl::string_view data,
                                       const Header& header, int64_t limit,
                                       const std::string& path) {
  const char* base = data.data();
  const char* p = base + header.body;
  const char* end = base + data.size();
  const int64_t dim = header.dim;
  const size_t vector_bytes = static_cast<size_t>(dim) * sizeof(float);
  // A record takes at least a 1-byte word, a space and the vector.
  const int64_t max_records = (end - p) / (vector_bytes + 2);
  ASSIGN_OR_RETURN(const int64_t rows, RowsToRead(header, limit, max_records,
                                                  "byte offset 0", path));
  ASSIGN_OR_RETURN(Matrix matrix, AllocateRows(rows, dim, path));
  WordTable table(rows);
  for (int64_t r = 0; r < rows; ++r) {
    while (p < end && *p == '\n') ++p;
    const int64_t offset = p - base;
    const auto error = [&](int64_t at, absl::string_view what) {
      return absl::DataLossError(
          absl::StrCat(path, ": byte offset ", at, ": ", what));
    };
    if (p == end) {
      return error(offset,
                   absl::StrCat("the file ends after ", r,
                                " words; its header says ", header.count));
    }
    const char* space = static_cast<const char*>(std::memchr(p, ' ', end - p));
    if (space == nullptr) {
      return error(offset, absl::StrCat("word ", r + 1,
                                        " has no space after it; is the file "
                                        "truncated?"));
    }
    const absl::string_view word(p, space - p);
    if (word.empty()) return error(offset, "empty word");
    // Words are text: a control byte means we are reading float bytes as a
    // word, typically because the header's dimension is wrong.
    if (const auto control = std::find_if(
            word.begin(), word.end(),
            [](char c) { return static_cast<unsigned char>(c) < 0x20; });
        control != word.end()) {
      return error(offset + (control - word.begin()),
                   absl::StrCat("word ", r + 1, ", ", Quote(word),
                                ", contains a control byte; does the header's "
                                "dimension match the vectors?"));
    }
    const char* vector = space + 1;
    if (static_cast<size_t>(end - vector) < vector_bytes) {
      return error(vector - base,
                   absl::StrCat("the vector of word ", Quote(word), " needs ",
                                vector_bytes, " bytes; the file has ",
                                end - vector, " left"));
    }
    float* row = matrix.row(r);
    std::memcpy(row, vector, vector_bytes);
    for (int64_t j = 0; j < dim; ++j) {
      uint32_t bits = std::bit_cast<uint32_t>(row[j]);
      if constexpr (std::endian::native == std::endian::big) {
        bits = __builtin_bswap32(bits);
        row[j] = std::bit_cast<float>(bits);
      }
      if ((bits & 0x7f800000u) == 0x7f800000u) {
        return error(vector - base + j * 4,
                     absl::StrCat("value ", j + 1, " of word ", Quote(word),
                                  " is not finite"));
      }
    }
    if (const int64_t first = table.Add(word, offset); first >= 0) {
      return error(offset, absl::StrCat("duplicate word ", Quote(word),
                                        " (first at byte offset ", first, ")"));
    }
    p = vector + vector_bytes;
  }
  if (rows == header.count) {
    const char* extra = std::find_if_not(
        p, end, [](char c) { return c == '\n' || c == '\r' || IsBlank(c); });
    if (extra != end) {
      return absl::DataLossError(absl::StrCat(
          path, ": byte offset ", extra - base, ": more records than the ",
          header.count, " the header announces"));
    }
  }
  WordVectors result;
  result.words = table.Release();
  result.vectors = std::move(matrix);
  return result;
}

// ---------------------------------------------------------------------------
// Writing.

absl::Status ValidateForWriting(absl::Span<const std::string> words,
                                const Matrix& vectors,
                                const std::string& path) {
  const auto error = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write ", path, ": ", what));
  };
  if (words.empty()) return error("no words");
  if (vectors.rows() < static_cast<int64_t>(words.size())) {
    return error(absl::StrCat(words.size(), " words but only ", vectors.rows(),
                              " vectors"));
  }
  if (vectors.cols() <= 0 || vectors.cols() > kMaxVectorDim ||
      vectors.data() == nullptr) {
    return error(absl::StrCat("dimension ", vectors.cols(), " is not in [1, ",
                              kMaxVectorDim, "]"));
  }
  absl::flat_hash_map<absl::string_view, size_t> seen;
  seen.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word.empty() || word.find_first_of(" \t\r\n") != std::string::npos) {
      return error(absl::StrCat("word ", i, ", ", Quote(word),
                                ", is empty or contains a space, tab or line "
                                "break"));
    }
    if (const auto [it, inserted] = seen.try_emplace(word, i); !inserted) {
      return error(absl::StrCat("word ", i, ", ", Quote(word),
                                ", repeats word ", it->second));
    }
    const float* row = vectors.row(i);
    for (int64_t j = 0; j < vectors.cols(); ++j) {
      if (!std::isfinite(row[j])) {
        return error(absl::StrCat("value ", j + 1, " of word ", Quote(word),
                                  " is ", row[j]));
      }
    }
  }
  return absl::OkStatus();
}

void AppendText(const std::string& word, const float* row, int64_t dim,
                std::string* out) {
  out->append(word);
  char number[32];
  for (int64_t j = 0; j < dim; ++j) {
    number[0] = ' ';
    const auto [next, ec] =
        std::to_chars(number + 1, number + sizeof(number), row[j]);
    out->append(number, next - number);
  }
  out->push_back('\n');
}

void AppendBinary(const std::string& word, const float* row, int64_t dim,
                  std::string* out) {
  out->append(word);
  out->push_back(' ');
  const size_t at = out->size();
  out->resize(at + dim * sizeof(float));
  char* dst = out->data() + at;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(dst, row, dim * sizeof(float));
  } else {
    for (int64_t j = 0; j < dim; ++j) {
      const uint32_t bits = __builtin_bswap32(std::bit_cast<uint32_t>(row[j]));
      std::memcpy(dst + j * sizeof(float), &bits, sizeof(bits));
    }
  }
  // word2vec.c writes it and gensim skips it; it keeps records line-aligned.
  out->push_back('\n');
}

}  // namespace

absl::StatusOr<VectorFormat> ParseVectorFormat(absl::string_view name) {
  if (name == "text") return VectorFormat::kText;
  if (name == "binary") return VectorFormat::kBinary;
  if (name == "auto") return VectorFormat::kAuto;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown vector format ", Quote(name),
                   " (expected text, binary or auto)"));
}

absl::StatusOr<WordVectors> ReadVectors(const std::string& path,
                                        const ReadVectorsOptions& options) {
  if (options.limit < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reading ", path, ": the limit must be 0 (all) or positive, not ",
        options.limit));
  }
  ASSIGN_OR_RETURN(const FileContents bytes,
                   ReadFileContents(path, "vector file"));
  const absl::string_view data = bytes.view();
  ASSIGN_OR_RETURN(const Header header, ParseHeader(data, path));
  VectorFormat format = options.format;
  if (format == VectorFormat::kAuto) {
    format = DetectFormat(data.substr(header.body), header.dim);
  }
  return format == VectorFormat::kBinary
             ? ReadBinary(data, header, options.limit, path)
             : ReadText(data, header, options.limit, path);
}

absl::Status WriteVectors(const std::string& path,
                          absl::Span<const std::string> words,
                          const Matrix& vectors, VectorFormat format) {
  RETURN_IF_ERROR(ValidateForWriting(words, vectors, path));
  if (format == VectorFormat::kAuto) {
    format = absl::EndsWith(absl::StripSuffix(path, ".gz"), ".bin")
                 ? VectorFormat::kBinary
                 : VectorFormat::kText;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFile> file, AtomicFile::Create(path));
  const int64_t dim = vectors.cols();
  std::string chunk = absl::StrCat(words.size(), " ", dim, "\n");
  // Well under AtomicFile's buffer, so that chunks are appended to it rather
  // than copied.
  constexpr size_t kChunkBytes = 1 << 18;
  chunk.reserve(kChunkBytes + 32 * dim + 1024);
  for (size_t i = 0; i < words.size(); ++i) {
    if (format == VectorFormat::kBinary) {
      AppendBinary(words[i], vectors.row(i), dim, &chunk);
    } else {
      AppendText(words[i], vectors.row(i), dim, &chunk);
    }
    if (chunk.size() >= kChunkBytes) {
      RETURN_IF_ERROR(file->Write(chunk));
      chunk.clear();
    }
  }
  RETURN_IF_ERROR(file->Write(chunk));
  return file->Commit();
}

}  // namespace nce2vec
