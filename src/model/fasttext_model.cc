#include "src/model/fasttext_model.h"

#include <sys/stat.h>

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/kernels/vector_ops.h"
#include "src/model/vectors_io.h"
#include "src/util/atomic_file.h"
#include "src/util/little_endian.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

constexpr int32_t kMaxInt32 = std::numeric_limits<int32_t>::max();
// Where the settings' bucket field is: after the magic number, the version
// and eight int32 settings.
constexpr uint64_t kBucketOffset = 8 + 8 * 4;
// The smallest dictionary entry: a one-byte word, its NUL, the count and
// the type.
constexpr int kMinEntryBytes = 1 + 1 + 8 + 1;
constexpr int kMaxNgramLength = 100;
// Matrices go through the file this many bytes at a time when written.
constexpr size_t kWriteChunk = 1 << 20;

// A word quoted for a message: escaped and cut short.
std::string Quote(absl::string_view word) {
  constexpr size_t kMax = 40;
  std::string q =
      absl::StrCat("'", absl::CHexEscape(word.substr(0, kMax)), "'");
  if (word.size() > kMax) absl::StrAppend(&q, "...");
  return q;
}

// The first value of v[0, n) that is NaN or infinite, or n.
int64_t FirstNonFinite(const float* v, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(v[i])) return i;
  }
  return n;
}

// Sequential reads of a regular file whose size is known, so that every
// count read from it can be checked against the bytes left before anything
// is allocated for it. Errors name the file and a byte offset.
class ModelFileReader {
 public:
  static absl::StatusOr<std::unique_ptr<ModelFileReader>> Open(
      const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      const int error = errno;
      return absl::Status(absl::ErrnoToStatusCode(error),
                          absl::StrCat("cannot open fastText model ", path,
                                       ": ", std::strerror(error)));
    }
    auto reader =
        std::unique_ptr<ModelFileReader>(new ModelFileReader(path, file));
    struct stat st;
    if (fstat(fileno(file), &st) != 0 || !S_ISREG(st.st_mode)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "fastText model ", path,
          " is not a regular file (a model is read with its size known, so "
          "that no header can ask for more than the file holds)"));
    }
    reader->size_ = static_cast<uint64_t>(st.st_size);
    // Large reads of the matrices; the dictionary's small ones are served
    // from the buffer.
    std::setvbuf(file, nullptr, _IOFBF, 1 << 20);
    return reader;
  }

  ModelFileReader(const ModelFileReader&) = delete;
  ModelFileReader& operator=(const ModelFileReader&) = delete;
  ~ModelFileReader() { std::fclose(file_); }

  uint64_t offset() const { return offset_; }
  uint64_t left() const { return size_ - offset_; }

  absl::Status Error(uint64_t at, absl::string_view what) const {
    return absl::DataLossError(
        absl::StrCat(path_, ": byte offset ", at, ": ", what));
  }

  // Reads n bytes of `what`; the file ending first is an error.
  absl::Status Bytes(void* out, uint64_t n, absl::string_view what) {
    if (n > left()) return Truncated(n, what);
    if (std::fread(out, 1, n, file_) != n) return ReadError(what);
    offset_ += n;
    return absl::OkStatus();
  }

  absl::Status Skip(uint64_t n, absl::string_view what) {
    if (n > left()) return Truncated(n, what);
    if (std::fseek(file_, static_cast<long>(offset_ + n), SEEK_SET) != 0) {
      return ReadError(what);
    }
    offset_ += n;
    return absl::OkStatus();
  }

  template <typename T>
  absl::StatusOr<T> Value(absl::string_view what) {
    char bytes[sizeof(T)];
    RETURN_IF_ERROR(Bytes(bytes, sizeof(T), what));
    return LoadLittleEndian<T>(bytes);
  }

  // A bool as fastText writes it: one byte, 0 or 1.
  absl::StatusOr<bool> Flag(absl::string_view what) {
    ASSIGN_OR_RETURN(const uint8_t byte, Value<uint8_t>(what));
    if (byte > 1) {
      return Error(offset_ - 1,
                   absl::StrCat(what, " is ", static_cast<int>(byte),
                                "; a bool is 0 or 1"));
    }
    return byte == 1;
  }

  // The bytes up to the next NUL, which is consumed.
  absl::StatusOr<std::string> Word(absl::string_view what) {
    const uint64_t start = offset_;
    std::string word;
    while (true) {
      const int c = getc_unlocked(file_);
      if (c == EOF) {
        if (std::ferror(file_)) return ReadError(what);
        return Error(start, absl::StrCat("the file ends inside ", what,
                                         " (no NUL after its ", word.size(),
                                         " bytes); is it "
                                         "truncated?"));
      }
      ++offset_;
      if (c == 0) return word;
      word.push_back(static_cast<char>(c));
    }
  }

  // rows x cols float32 into `matrix` (already that size), each value
  // checked to be finite.
  absl::Status Floats(Matrix& matrix, absl::string_view what) {
    const uint64_t row_bytes =
        static_cast<uint64_t>(matrix.cols()) * sizeof(float);
    for (int64_t r = 0; r < matrix.rows(); ++r) {
      float* row = matrix.row(r);
      const uint64_t at = offset_;
      RETURN_IF_ERROR(Bytes(row, row_bytes, what));
      if constexpr (std::endian::native != std::endian::little) {
        for (int64_t j = 0; j < matrix.cols(); ++j) {
          row[j] = LoadLittleEndian<float>(reinterpret_cast<char*>(row + j));
        }
      }
      const int64_t bad = FirstNonFinite(row, matrix.cols());
      if (bad < matrix.cols()) {
        return Error(at + bad * sizeof(float),
                     absl::StrCat(what, " row ", r, " column ", bad, " is ",
                                  row[bad], "; values must be finite"));
      }
    }
    return absl::OkStatus();
  }

 private:
  ModelFileReader(std::string path, std::FILE* file)
      : path_(std::move(path)), file_(file) {}

  absl::Status Truncated(uint64_t n, absl::string_view what) const {
    return Error(offset_,
                 absl::StrCat("the file ends after ", left(), " of the ", n,
                              " bytes of ", what, "; is it truncated?"));
  }

  absl::Status ReadError(absl::string_view what) const {
    const int error = errno;
    return absl::DataLossError(absl::StrCat("cannot read ", what, " of ", path_,
                                            " at byte offset ", offset_, ": ",
                                            std::strerror(error)));
  }

  std::string path_;
  std::FILE* file_;
  uint64_t size_ = 0;
  uint64_t offset_ = 0;
};

absl::Status ReadArgs(ModelFileReader& in, FastTextArgs& args) {
  const uint64_t start = in.offset();
  const auto at = [&](int field) { return start + 4 * field; };
  int32_t v[12];
  for (int i = 0; i < 12; ++i) {
    ASSIGN_OR_RETURN(v[i], in.Value<int32_t>("the settings"));
  }
  ASSIGN_OR_RETURN(args.t, in.Value<double>("the settings"));
  args.dim = v[0];
  args.ws = v[1];
  args.epoch = v[2];
  args.min_count = v[3];
  args.neg = v[4];
  args.word_ngrams = v[5];
  args.subwords = {.minn = v[9], .maxn = v[10], .bucket = v[8]};
  args.lr_update_rate = v[11];
  if (args.dim < 1 || args.dim > kMaxVectorDim) {
    return in.Error(at(0), absl::StrCat("dim is ", args.dim, "; expected 1 to ",
                                        kMaxVectorDim));
  }
  if (v[6] < 1 || v[6] > 4) {
    return in.Error(at(6), absl::StrCat("loss is ", v[6],
                                        "; fastText's are 1 (hs) to 4 (ova)"));
  }
  args.loss = static_cast<FastTextLoss>(v[6]);
  if (v[7] == 3) {
    return in.Error(
        at(7),
        "a supervised model (fastText's model 3): its dictionary holds labels "
        "and its vectors serve a classifier; only word-vector models "
        "(skipgram, cbow) are read");
  }
  if (v[7] < 1 || v[7] > 2) {
    return in.Error(at(7), absl::StrCat("model is ", v[7],
                                        "; expected 1 (cbow) or 2 (skipgram)"));
  }
  args.model = static_cast<FastTextArchitecture>(v[7]);
  const SubwordOptions& s = args.subwords;
  if (s.bucket < 0) {
    return in.Error(at(8),
                    absl::StrCat("bucket is ", s.bucket, "; expected >= 0"));
  }
  if (s.maxn < 0 || s.maxn > kMaxNgramLength) {
    return in.Error(at(10), absl::StrCat("maxn is ", s.maxn, "; expected 0 to ",
                                         kMaxNgramLength, " (0: no n-grams)"));
  }
  if (s.enabled() && (s.minn < 1 || s.minn > s.maxn)) {
    return in.Error(at(9), absl::StrCat("minn is ", s.minn,
                                        "; expected 1 to "
                                        "maxn = ",
                                        s.maxn));
  }
  if (s.enabled() && s.bucket == 0) {
    return in.Error(at(8),
                    absl::StrCat("bucket is 0 with n-grams (maxn ", s.maxn,
                                 "); fastText would divide by "
                                 "zero"));
  }
  return absl::OkStatus();
}

absl::Status ReadDictionary(ModelFileReader& in, FastTextModel& model) {
  const uint64_t start = in.offset();
  ASSIGN_OR_RETURN(const int32_t size, in.Value<int32_t>("the dictionary"));
  ASSIGN_OR_RETURN(const int32_t nwords, in.Value<int32_t>("the dictionary"));
  ASSIGN_OR_RETURN(const int32_t nlabels, in.Value<int32_t>("the dictionary"));
  ASSIGN_OR_RETURN(model.ntokens, in.Value<int64_t>("the dictionary"));
  ASSIGN_OR_RETURN(const int64_t pruneidx_size,
                   in.Value<int64_t>("the dictionary"));
  if (nlabels != 0) {
    return in.Error(start + 8, absl::StrCat("the dictionary holds ", nlabels,
                                            " labels: a supervised model; only "
                                            "word-vector models are read"));
  }
  if (nwords < 1 || size != nwords) {
    return in.Error(
        start, absl::StrCat("the dictionary's size is ", size, " with ", nwords,
                            " words and ", nlabels,
                            " labels; expected as many "
                            "entries as words, at least one"));
  }
  if (static_cast<uint64_t>(nwords) > in.left() / kMinEntryBytes) {
    return in.Error(
        start, absl::StrCat("the dictionary claims ", nwords, " words; the ",
                            in.left(),
                            " bytes "
                            "left in the file hold at most ",
                            in.left() / kMinEntryBytes, "; is it truncated?"));
  }
  if (model.ntokens < 0) {
    return in.Error(start + 12, absl::StrCat("ntokens is ", model.ntokens,
                                             "; expected >= 0"));
  }
  if (pruneidx_size < -1) {
    return in.Error(start + 20, absl::StrCat("pruneidx_size is ", pruneidx_size,
                                             "; expected -1 or a count"));
  }
  model.words.reserve(nwords);
  model.counts.reserve(nwords);
  // Views into model.words, whose strings do not move: the vector has its
  // final capacity.
  absl::flat_hash_set<absl::string_view> seen;
  seen.reserve(nwords);
  for (int32_t i = 0; i < nwords; ++i) {
    const uint64_t entry = in.offset();
    const std::string what = absl::StrCat("dictionary entry ", i);
    ASSIGN_OR_RETURN(std::string word, in.Word(what));
    ASSIGN_OR_RETURN(const int64_t count, in.Value<int64_t>(what));
    ASSIGN_OR_RETURN(const int8_t type, in.Value<int8_t>(what));
    if (word.empty()) return in.Error(entry, what + " is an empty word");
    if (count < 1) {
      return in.Error(
          in.offset() - 9,
          absl::StrCat(what, " (", Quote(word), ") has count ", count,
                       "; fastText keeps no word it has "
                       "not seen"));
    }
    if (type != 0) {
      return in.Error(
          in.offset() - 1,
          absl::StrCat(what, " (", Quote(word), ") has type ",
                       static_cast<int>(type), "; expected 0 (a word)"));
    }
    model.words.push_back(std::move(word));
    model.counts.push_back(count);
    if (!seen.insert(model.words.back()).second) {
      return in.Error(entry, absl::StrCat(what, ": ", Quote(model.words.back()),
                                          " is in the dictionary twice"));
    }
  }
  if (pruneidx_size > 0) {
    const uint64_t bytes = static_cast<uint64_t>(pruneidx_size) * 8;
    if (static_cast<uint64_t>(pruneidx_size) > in.left() / 8) {
      return in.Error(start + 20,
                      absl::StrCat("pruneidx_size ", pruneidx_size,
                                   " asks for more bytes than the ", in.left(),
                                   " left; is it truncated?"));
    }
    RETURN_IF_ERROR(in.Skip(bytes, "the pruned dictionary's index"));
  }
  const uint64_t quant_at = in.offset();
  ASSIGN_OR_RETURN(const bool quantised,
                   in.Flag("the input matrix's quantisation flag"));
  if (quantised) {
    return in.Error(
        quant_at,
        "a quantised model (fasttext quantize, .ftz): its rows are "
        "product-quantisation codes, not vectors; quantised models are not "
        "supported, read the .bin it was made from");
  }
  if (pruneidx_size != -1) {
    return in.Error(start + 20,
                    absl::StrCat("pruneidx_size is ", pruneidx_size,
                                 ": a pruned dictionary, which only quantised "
                                 "models have (fastText refuses it too)"));
  }
  return absl::OkStatus();
}

// A matrix header, checked against the expected shape and the bytes left.
absl::StatusOr<int64_t> ReadMatrixHeader(ModelFileReader& in,
                                         absl::string_view name,
                                         int64_t expected_rows,
                                         absl::string_view rows_are,
                                         int32_t dim) {
  const uint64_t start = in.offset();
  const std::string what = absl::StrCat("the ", name, " matrix's header");
  ASSIGN_OR_RETURN(const int64_t rows, in.Value<int64_t>(what));
  ASSIGN_OR_RETURN(const int64_t cols, in.Value<int64_t>(what));
  if (cols != dim) {
    return in.Error(start + 8,
                    absl::StrCat("the ", name, " matrix has ", cols,
                                 " columns; the settings' dim is ", dim));
  }
  if (rows != expected_rows) {
    return in.Error(start, absl::StrCat("the ", name, " matrix has ", rows,
                                        " rows; expected ", expected_rows, " (",
                                        rows_are, ")"));
  }
  const uint64_t row_bytes = static_cast<uint64_t>(dim) * sizeof(float);
  if (static_cast<uint64_t>(rows) > in.left() / row_bytes) {
    return in.Error(start, absl::StrCat("the ", name, " matrix needs ",
                                        static_cast<uint64_t>(rows) * row_bytes,
                                        " bytes; the file has ", in.left(),
                                        " left; is it truncated?"));
  }
  return rows;
}

absl::StatusOr<Matrix> AllocateMatrix(int64_t rows, int32_t dim,
                                      absl::string_view name,
                                      const std::string& path) {
  Matrix m(rows, dim);
  if (m.data() == nullptr && rows > 0) {
    return absl::ResourceExhaustedError(
        absl::StrCat("out of memory for the ", name, " matrix of ", path, " (",
                     rows, " x ", dim, " floats)"));
  }
  return m;
}

// The writer's checks: everything a reader (fastText, gensim, ours) needs.
absl::Status CheckWritable(const FastTextModelView& model) {
  const FastTextArgs& args = model.args;
  const int64_t nwords = static_cast<int64_t>(model.words.size());
  if (nwords < 1 || nwords > kMaxInt32) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextModelView::words must hold 1 to ", kMaxInt32,
                     " words, got ", nwords));
  }
  if (model.counts.size() != model.words.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextModelView::counts has ", model.counts.size(),
                     " counts for ", nwords, " words"));
  }
  absl::flat_hash_set<absl::string_view> seen;
  seen.reserve(nwords);
  for (int64_t i = 0; i < nwords; ++i) {
    const std::string& word = model.words[i];
    if (word.empty() || word.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("FastTextModelView::words[", i, "] ", Quote(word),
                       " is empty or holds a NUL byte"));
    }
    if (!seen.insert(word).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "FastTextModelView::words holds ", Quote(word), " twice"));
    }
    if (model.counts[i] < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("FastTextModelView::counts[", i, "] (", Quote(word),
                       ") is ", model.counts[i],
                       "; a word needs a count >= 1 (gensim drops a word "
                       "counted 0 and then refuses the file)"));
    }
  }
  if (model.ntokens < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "FastTextModelView::ntokens must be >= 0, got ", model.ntokens));
  }
  if (args.dim < 1 || args.dim > kMaxVectorDim) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextArgs::dim must be in [1, ", kMaxVectorDim,
                     "], got ", args.dim));
  }
  if (args.subwords.maxn < 0 || args.subwords.maxn > kMaxNgramLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("SubwordOptions::maxn must be in [0, ", kMaxNgramLength,
                     "], got ", args.subwords.maxn));
  }
  RETURN_IF_ERROR(args.subwords.Validate());
  const int64_t bucket = args.subwords.bucket;
  if (bucket < 0 || bucket > kMaxInt32 - nwords) {
    return absl::InvalidArgumentError(absl::StrCat(
        "SubwordOptions::bucket must be in [0, ", kMaxInt32 - nwords,
        "] (words + bucket rows are fastText's int32 ids), got ", bucket));
  }
  const int32_t loss = static_cast<int32_t>(args.loss);
  const int32_t arch = static_cast<int32_t>(args.model);
  if (loss < 1 || loss > 4 || arch < 1 || arch > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextArgs::loss (", loss, ") or FastTextArgs::model (",
                     arch, ") is not one of fastText's values"));
  }
  if (model.input.rows() != nwords + bucket || model.input.cols() != args.dim) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextModelView::input is ", model.input.rows(), " x ",
                     model.input.cols(), "; expected (words + bucket) x dim = ",
                     nwords + bucket, " x ", args.dim));
  }
  if (model.output.rows() != nwords || model.output.cols() != args.dim) {
    return absl::InvalidArgumentError(
        absl::StrCat("FastTextModelView::output is ", model.output.rows(),
                     " x ", model.output.cols(),
                     "; expected words x dim = ", nwords, " x ", args.dim));
  }
  return absl::OkStatus();
}

// The bytes before the input matrix's values.
std::string EncodeHead(const FastTextModelView& model) {
  const FastTextArgs& a = model.args;
  std::string out;
  AppendLittleEndian<int32_t>(out, kFastTextMagic);
  AppendLittleEndian<int32_t>(out, kFastTextVersion);
  for (const int32_t v :
       {a.dim, a.ws, a.epoch, a.min_count, a.neg, a.word_ngrams,
        static_cast<int32_t>(a.loss), static_cast<int32_t>(a.model),
        static_cast<int32_t>(a.subwords.bucket), a.subwords.minn,
        a.subwords.maxn, a.lr_update_rate}) {
    AppendLittleEndian<int32_t>(out, v);
  }
  AppendLittleEndian<double>(out, a.t);
  const int32_t nwords = static_cast<int32_t>(model.words.size());
  AppendLittleEndian<int32_t>(out, nwords);  // size: no labels
  AppendLittleEndian<int32_t>(out, nwords);
  AppendLittleEndian<int32_t>(out, 0);  // nlabels
  AppendLittleEndian<int64_t>(out, model.ntokens);
  AppendLittleEndian<int64_t>(out, -1);  // pruneidx_size: not pruned
  for (int32_t i = 0; i < nwords; ++i) {
    out.append(model.words[i]);
    out.push_back('\0');
    AppendLittleEndian<int64_t>(out, model.counts[i]);
    AppendLittleEndian<int8_t>(out, 0);  // a word, not a label
  }
  AppendLittleEndian<bool>(out, false);  // the input is not quantised
  return out;
}

absl::Status WriteMatrix(AtomicFile& file, const Matrix& m,
                         absl::string_view name) {
  std::string chunk;
  chunk.reserve(kWriteChunk + m.cols() * sizeof(float));
  AppendLittleEndian<int64_t>(chunk, m.rows());
  AppendLittleEndian<int64_t>(chunk, m.cols());
  for (int64_t r = 0; r < m.rows(); ++r) {
    const float* row = m.row(r);
    const int64_t bad = FirstNonFinite(row, m.cols());
    if (bad < m.cols()) {
      return absl::InvalidArgumentError(
          absl::StrCat("FastTextModelView::", name, " row ", r, " column ", bad,
                       " is ", row[bad], "; values must be finite"));
    }
    if constexpr (std::endian::native == std::endian::little) {
      chunk.append(reinterpret_cast<const char*>(row),
                   m.cols() * sizeof(float));
    } else {
      for (int64_t j = 0; j < m.cols(); ++j) {
        AppendLittleEndian<float>(chunk, row[j]);
      }
    }
    if (chunk.size() >= kWriteChunk) {
      RETURN_IF_ERROR(file.Write(chunk));
      chunk.clear();
    }
  }
  return file.Write(chunk);
}

}  // namespace

absl::Status WriteFastTextModel(const std::string& path,
                                const FastTextModelView& model) {
  if (absl::EndsWith(path, ".gz")) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot write fastText model ", path,
                     ": fastText reads .bin files uncompressed; drop the .gz"));
  }
  const auto in_context = [&](const absl::Status& s) {
    return absl::Status(s.code(), absl::StrCat("cannot write fastText model ",
                                               path, ": ", s.message()));
  };
  const absl::Status valid = CheckWritable(model);
  if (!valid.ok()) return in_context(valid);
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFile> file, AtomicFile::Create(path));
  RETURN_IF_ERROR(file->Write(EncodeHead(model)));
  // A non-finite value is found while writing: the temporary file is then
  // removed and `path` left as it was.
  absl::Status s = WriteMatrix(*file, model.input, "input");
  if (!s.ok()) return in_context(s);
  std::string qout;
  AppendLittleEndian<bool>(qout, false);  // the output is not quantised
  RETURN_IF_ERROR(file->Write(qout));
  s = WriteMatrix(*file, model.output, "output");
  if (!s.ok()) return in_context(s);
  return file->Commit();
}

absl::StatusOr<FastTextModel> ReadFastTextModel(
    const std::string& path, const ReadFastTextOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<ModelFileReader> in,
                   ModelFileReader::Open(path));
  FastTextModel model;
  ASSIGN_OR_RETURN(const int32_t magic, in->Value<int32_t>("the magic number"));
  if (magic != kFastTextMagic) {
    return in->Error(0, absl::StrCat("not a fastText model: the magic number "
                                     "is ",
                                     magic, ", expected ", kFastTextMagic,
                                     " (word2vec vector files, .bin too, are "
                                     "read as vectors, not as a model)"));
  }
  ASSIGN_OR_RETURN(const int32_t version, in->Value<int32_t>("the version"));
  if (version != 11 && version != kFastTextVersion) {
    return in->Error(4, absl::StrCat("fastText file format version ", version,
                                     "; versions 11 and 12 are read (fastText "
                                     "0.9.2 writes 12)"));
  }
  RETURN_IF_ERROR(ReadArgs(*in, model.args));
  RETURN_IF_ERROR(ReadDictionary(*in, model));
  const int32_t dim = model.args.dim;
  const int64_t nwords = static_cast<int64_t>(model.words.size());
  const int64_t bucket = model.args.subwords.bucket;
  if (nwords + bucket > kMaxInt32) {
    return in->Error(kBucketOffset,
                     absl::StrCat(nwords, " words + bucket ", bucket,
                                  " rows exceed fastText's int32 row ids"));
  }
  ASSIGN_OR_RETURN(
      const int64_t input_rows,
      ReadMatrixHeader(*in, "input", nwords + bucket, "words + bucket", dim));
  ASSIGN_OR_RETURN(model.input, AllocateMatrix(input_rows, dim, "input", path));
  RETURN_IF_ERROR(in->Floats(model.input, "the input matrix"));
  const uint64_t qout_at = in->offset();
  ASSIGN_OR_RETURN(const bool qout,
                   in->Flag("the output matrix's quantisation flag"));
  if (qout) {
    return in->Error(qout_at,
                     "the output matrix is marked quantised but the input "
                     "is not; fastText writes no such file");
  }
  ASSIGN_OR_RETURN(
      const int64_t output_rows,
      ReadMatrixHeader(*in, "output", nwords, "one per word", dim));
  if (options.output) {
    ASSIGN_OR_RETURN(model.output,
                     AllocateMatrix(output_rows, dim, "output", path));
    RETURN_IF_ERROR(in->Floats(model.output, "the output matrix"));
  } else {
    RETURN_IF_ERROR(
        in->Skip(output_rows * dim * sizeof(float), "the output matrix"));
  }
  if (in->left() != 0) {
    return in->Error(in->offset(),
                     absl::StrCat(in->left(),
                                  " bytes after the output "
                                  "matrix, where the file should end"));
  }
  return model;
}

void MeanOfRows(const Matrix& input, absl::Span<const int32_t> rows,
                float* out) {
  const int64_t stride = input.stride();
  Zero(out, stride);
  if (rows.empty()) return;
  for (const int32_t r : rows) Add(input.row(r), out, stride);
  ScaleInPlace(static_cast<float>(1.0 / rows.size()), out, stride);
}

}  // namespace nce2vec
