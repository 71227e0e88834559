#include "src/trainer/checkpoint.h"

#include <zlib.h>

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "src/objectives/registry.h"
#include "src/util/atomic_file.h"
#include "src/util/little_endian.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

constexpr char kMagic[8] = {'N', 'C', 'E', '2', 'V', 'E', 'C', 'K'};
constexpr size_t kSectionHeaderBytes = 12;  // tag, payload length
constexpr size_t kMatrixHeaderBytes = 12;   // rows, dim

// The one list of a WorkerState's stored fields, for writing and reading.
template <typename State, typename Visit>
void WorkerFields(State& w, Visit&& visit) {
  visit(w.epoch);
  visit(w.sentences);
  visit(w.rng);
  visit(w.lr);
  visit(w.unpublished_words);
  visit(w.published_words);
  visit(w.loss);
  visit(w.pairs);
  visit(w.finished);
}

template <typename Cursor, typename Visit>
void CursorFields(Cursor& c, Visit&& visit) {
  visit(c.sentences);
  visit(c.rng);
  visit(c.position);
  visit(c.done);
}
constexpr size_t kCursorBytes = 8 + 32 + 4 + 1;
constexpr uint32_t kMaxCursors = 1024;  // TrainConfig::in_batch_cursors' limit

template <typename Point, typename Visit>
void CurveFields(Point& p, Visit&& visit) {
  visit(p.seconds);
  visit(p.words);
  visit(p.loss);
  visit(p.pairs);
}
constexpr size_t kCurvePointBytes = 32;

template <typename T>
concept Arithmetic = std::is_arithmetic_v<T>;

// Appends values to a payload, little-endian: one overload per type a
// stored field has.
class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out) {}

  template <Arithmetic T>
  void operator()(T value) {
    AppendLittleEndian(out_, value);
  }
  void operator()(ModelType value) { Code(value); }
  void operator()(ObjectiveOptions::Mining value) { Code(value); }
  void operator()(const Rng& rng) {
    for (int i = 0; i < 4; ++i) AppendLittleEndian(out_, rng.state()[i]);
  }
  void operator()(absl::string_view s) {
    AppendLittleEndian(out_, static_cast<uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  void operator()(const std::string& s) { (*this)(absl::string_view(s)); }

 private:
  template <typename Enum>
  void Code(Enum value) {
    AppendLittleEndian(out_, static_cast<uint32_t>(value));
  }

  std::string& out_;
};

// Reads values back from a payload in memory. The first failure sticks:
// every later read is skipped and leaves its field alone.
class Decoder {
 public:
  explicit Decoder(absl::string_view data) : data_(data) {}

  template <Arithmetic T>
  void operator()(T& value) {
    if (const char* bytes = Take(sizeof(T))) {
      value = LoadLittleEndian<T>(bytes);
    }
  }
  void operator()(ModelType& value) { Code(value, ModelType::kCbow); }
  void operator()(ObjectiveOptions::Mining& value) {
    Code(value, ObjectiveOptions::Mining::kSemiHard);
  }
  void operator()(Rng& rng) {
    uint64_t state[4];
    for (uint64_t& word : state) (*this)(word);
    if (ok()) rng.set_state(state);
  }
  void operator()(std::string& s) {
    uint32_t n = 0;
    (*this)(n);
    if (const char* bytes = Take(n)) s.assign(bytes, n);
  }

  bool ok() const { return failure_ == nullptr; }
  const char* failure() const { return failure_; }
  size_t left() const { return data_.size(); }
  void Fail(const char* what) {
    if (failure_ == nullptr) failure_ = what;
  }

 private:
  const char* Take(size_t bytes) {
    if (!ok()) return nullptr;
    if (bytes > data_.size()) {
      Fail("a value runs past the end of its section");
      return nullptr;
    }
    const char* p = data_.data();
    data_.remove_prefix(bytes);
    return p;
  }
  template <typename Enum>
  void Code(Enum& value, Enum last) {
    uint32_t code = 0;
    (*this)(code);
    if (!ok()) return;
    if (code > static_cast<uint32_t>(last)) {
      Fail("a setting has a value this nce2vec does not know");
      return;
    }
    value = static_cast<Enum>(code);
  }

  absl::string_view data_;
  const char* failure_ = nullptr;
};

// Floats as little-endian bytes; a plain copy on a little-endian host.
// An empty matrix's data() may be null, and memcpy/append with a null
// pointer is undefined even for zero bytes.
void AppendFloats(std::string& out, const float* values, size_t n) {
  if (n == 0) return;
  if constexpr (std::endian::native == std::endian::little) {
    out.append(reinterpret_cast<const char*>(values), n * sizeof(float));
  } else {
    for (size_t i = 0; i < n; ++i) AppendLittleEndian(out, values[i]);
  }
}

void LoadFloats(const char* bytes, size_t n, float* values) {
  if (n == 0) return;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(values, bytes, n * sizeof(float));
  } else {
    for (size_t i = 0; i < n; ++i) {
      values[i] = LoadLittleEndian<float>(bytes + i * sizeof(float));
    }
  }
}

// Writes sections: a header, the payload (in pieces), the payload's CRC.
class SectionWriter {
 public:
  explicit SectionWriter(AtomicFile& file) : file_(file) {}

  absl::Status Begin(const char (&tag)[5], uint64_t bytes) {
    std::string header(tag, 4);
    AppendLittleEndian(header, bytes);
    crc_ = crc32(0, nullptr, 0);
    return file_.Write(header);
  }
  absl::Status Add(absl::string_view data) {
    if (data.empty()) return absl::OkStatus();
    crc_ =
        crc32_z(crc_, reinterpret_cast<const Bytef*>(data.data()), data.size());
    return file_.Write(data);
  }
  absl::Status End() {
    std::string crc;
    AppendLittleEndian(crc, static_cast<uint32_t>(crc_));
    return file_.Write(crc);
  }
  absl::Status Whole(const char (&tag)[5], absl::string_view payload) {
    RETURN_IF_ERROR(Begin(tag, payload.size()));
    RETURN_IF_ERROR(Add(payload));
    return End();
  }
  // Rows without their padding, so that the file does not depend on it.
  absl::Status WriteMatrix(const char (&tag)[5], const Matrix& m) {
    const uint64_t row_bytes = m.cols() * sizeof(float);
    RETURN_IF_ERROR(Begin(tag, kMatrixHeaderBytes + m.rows() * row_bytes));
    std::string bytes;
    AppendLittleEndian<uint64_t>(bytes, m.rows());
    AppendLittleEndian<uint32_t>(bytes, static_cast<uint32_t>(m.cols()));
    RETURN_IF_ERROR(Add(bytes));
    for (int64_t r = 0; r < m.rows(); ++r) {
      bytes.clear();
      AppendFloats(bytes, m.row(r), m.cols());
      RETURN_IF_ERROR(Add(bytes));
    }
    return End();
  }

 private:
  AtomicFile& file_;
  uLong crc_ = 0;
};

// Reads sections back, checking each CRC, and every length against what is
// left of the file before anything is allocated from it.
class SectionReader {
 public:
  SectionReader(std::FILE* file, uint64_t file_bytes, std::string path)
      : file_(file), left_in_file_(file_bytes), path_(std::move(path)) {}

  absl::Status Error(absl::string_view what) const {
    return absl::DataLossError(absl::StrCat("checkpoint ", path_, ": ", what));
  }

  absl::Status Raw(void* out, size_t bytes) {
    if (bytes > left_in_file_ || std::fread(out, 1, bytes, file_) != bytes) {
      return Error("truncated");
    }
    left_in_file_ -= bytes;
    return absl::OkStatus();
  }

  // Opens the next section, which must be `tag`, and returns its length.
  absl::StatusOr<uint64_t> Begin(const char (&tag)[5]) {
    char header[kSectionHeaderBytes];
    RETURN_IF_ERROR(Raw(header, sizeof(header)));
    if (std::memcmp(header, tag, 4) != 0) {
      return Error(absl::StrCat("expected section '", tag, "'"));
    }
    left_in_section_ = LoadLittleEndian<uint64_t>(header + 4);
    if (left_in_section_ > left_in_file_) return Error("truncated");
    crc_ = crc32(0, nullptr, 0);
    return left_in_section_;
  }
  absl::Status Read(void* out, uint64_t bytes) {
    // crc32_z of a null buffer returns 0 rather than the running CRC.
    if (bytes == 0) return absl::OkStatus();
    if (bytes > left_in_section_) {
      return Error("a section is shorter than its contents");
    }
    RETURN_IF_ERROR(Raw(out, bytes));
    crc_ = crc32_z(crc_, static_cast<const Bytef*>(out), bytes);
    left_in_section_ -= bytes;
    return absl::OkStatus();
  }
  absl::Status End(const char (&tag)[5]) {
    if (left_in_section_ != 0) {
      return Error(absl::StrCat("section '", tag, "' too long"));
    }
    char crc[4];
    RETURN_IF_ERROR(Raw(crc, 4));
    if (LoadLittleEndian<uint32_t>(crc) != static_cast<uint32_t>(crc_)) {
      return Error(absl::StrCat("checksum mismatch in section '", tag, "'"));
    }
    return absl::OkStatus();
  }
  // A whole section's payload, for the small sections parsed in memory.
  absl::StatusOr<std::string> Whole(const char (&tag)[5]) {
    ASSIGN_OR_RETURN(const uint64_t bytes, Begin(tag));
    std::string payload(bytes, '\0');
    RETURN_IF_ERROR(Read(payload.data(), bytes));
    RETURN_IF_ERROR(End(tag));
    return payload;
  }
  // Checks a decoded section: every read succeeded and nothing is left.
  absl::Status Check(const Decoder& in, const char (&tag)[5]) const {
    if (!in.ok()) {
      return Error(absl::StrCat("section '", tag, "': ", in.failure()));
    }
    if (in.left() != 0) {
      return Error(absl::StrCat("section '", tag, "' too long"));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<Matrix> ReadMatrix(const char (&tag)[5], int64_t rows,
                                    int dim) {
    ASSIGN_OR_RETURN(const uint64_t bytes, Begin(tag));
    char header[kMatrixHeaderBytes];
    RETURN_IF_ERROR(Read(header, sizeof(header)));
    const uint64_t n = LoadLittleEndian<uint64_t>(header);
    const uint32_t cols = LoadLittleEndian<uint32_t>(header + 8);
    if (n != static_cast<uint64_t>(rows) ||
        cols != static_cast<uint32_t>(dim)) {
      return Error(absl::StrCat("section '", tag, "' is ", n, " x ", cols,
                                ", expected ", rows, " x ", dim));
    }
    const uint64_t row_bytes = static_cast<uint64_t>(dim) * sizeof(float);
    if (bytes != kMatrixHeaderBytes + n * row_bytes) {
      return Error(absl::StrCat("section '", tag, "' has ", bytes,
                                " bytes, not those of a ", rows, " x ", dim,
                                " matrix"));
    }
    Matrix m(rows, dim);
    if (rows > 0 && m.data() == nullptr) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "cannot allocate the checkpoint's ", rows, " x ", dim, " matrix"));
    }
    std::string row(row_bytes, '\0');
    for (int64_t r = 0; r < rows; ++r) {
      RETURN_IF_ERROR(Read(row.data(), row_bytes));
      LoadFloats(row.data(), dim, m.row(r));
    }
    RETURN_IF_ERROR(End(tag));
    return m;
  }

 private:
  std::FILE* file_;
  uint64_t left_in_file_;
  std::string path_;
  uint64_t left_in_section_ = 0;
  uLong crc_ = 0;
};

std::string ConfigPayload(const TrainConfig& config) {
  std::string out;
  Encoder encode(out);
  uint32_t settings = 0;
  ForEachSetting([&settings](const Setting&, const auto&) { ++settings; },
                 config);
  encode(settings);
  ForEachSetting(
      [&encode](const Setting& setting, const auto& field) {
        std::string value;
        Encoder encode_value(value);
        encode_value(field);
        encode(setting.name);
        encode(value);
      },
      config);
  return out;
}

// Every setting of ForEachSetting must be there (but those a checkpoint
// written before them lacks, which keep their defaults), and nothing else.
absl::Status DecodeConfig(const SectionReader& file, absl::string_view payload,
                          TrainConfig& config) {
  Decoder in(payload);
  uint32_t n = 0;
  in(n);
  std::vector<std::pair<std::string, std::string>> stored;
  for (uint32_t i = 0; i < n && in.ok(); ++i) {
    std::pair<std::string, std::string> entry;
    in(entry.first);
    in(entry.second);
    stored.push_back(std::move(entry));
  }
  RETURN_IF_ERROR(file.Check(in, "CONF"));
  absl::Status status;
  size_t found = 0;
  ForEachSetting(
      [&](const Setting& setting, auto& field) {
        if (!status.ok()) return;
        for (const auto& [name, value] : stored) {
          if (name != setting.name) continue;
          Decoder decode(value);
          decode(field);
          if (!decode.ok() || decode.left() != 0) {
            status = file.Error(
                absl::StrCat("the value of ", setting.name, " is malformed"));
          }
          ++found;
          return;
        }
        if (setting.default_when_absent) return;
        status = file.Error(
            absl::StrCat("the setting ", setting.name, " is missing"));
      },
      config);
  RETURN_IF_ERROR(status);
  if (found != stored.size()) {
    return file.Error(
        "it holds settings this nce2vec does not know (or one twice)");
  }
  return absl::OkStatus();
}

std::string StringsPayload(const std::vector<std::string>& strings) {
  std::string out;
  Encoder encode(out);
  encode(static_cast<uint32_t>(strings.size()));
  for (const std::string& s : strings) encode(s);
  return out;
}

std::string NotesPayload(const CheckpointNotes& notes) {
  std::string out;
  Encoder encode(out);
  encode(static_cast<uint32_t>(notes.size()));
  for (const auto& [name, value] : notes) {
    encode(name);
    encode(value);
  }
  return out;
}

std::string VocabPayload(const Vocab& vocab) {
  std::string out;
  Encoder encode(out);
  encode(static_cast<uint32_t>(vocab.size()));
  for (int32_t w = 0; w < vocab.size(); ++w) {
    encode(vocab.word(w));
    encode(vocab.count(w));
  }
  return out;
}

std::string StatePayload(const TrainState& state) {
  std::string out;
  Encoder encode(out);
  encode(state.seconds);
  encode(state.corpus_bytes);
  encode(static_cast<uint32_t>(state.workers.size()));
  for (const WorkerState& w : state.workers) WorkerFields(w, encode);
  encode(static_cast<uint32_t>(state.curve.size()));
  for (const CurvePoint& p : state.curve) CurveFields(p, encode);
  for (const WorkerState& w : state.workers) {
    encode(w.next_cursor);
    encode(static_cast<uint32_t>(w.cursors.size()));
    for (const CursorState& c : w.cursors) CursorFields(c, encode);
  }
  return out;
}

// The bytes a stored WorkerState takes: every one takes as many.
size_t WorkerStateBytes() {
  std::string out;
  Encoder encode(out);
  const WorkerState state;
  WorkerFields(state, encode);
  return out.size();
}

// A run of several processes (src/distributed/) stores every process's
// workers, so their number is bounded by the payload, not by one process's
// thread limit.
void DecodeStateFields(Decoder& in, TrainState& state) {
  in(state.seconds);
  in(state.corpus_bytes);
  uint32_t workers = 0;
  in(workers);
  if (workers > in.left() / WorkerStateBytes()) {
    in.Fail("more workers than the section holds");
  }
  if (in.ok()) state.workers.resize(workers);
  for (WorkerState& w : state.workers) WorkerFields(w, in);
  uint32_t points = 0;
  in(points);
  if (points > in.left() / kCurvePointBytes) {
    in.Fail("more loss-curve points than the section holds");
  }
  if (in.ok()) state.curve.resize(points);
  for (CurvePoint& p : state.curve) CurveFields(p, in);
  for (WorkerState& w : state.workers) {
    in(w.next_cursor);
    uint32_t cursors = 0;
    in(cursors);
    if (cursors > kMaxCursors || cursors > in.left() / kCursorBytes) {
      in.Fail("more cursors than the section holds");
    }
    if (in.ok()) w.cursors.resize(cursors);
    for (CursorState& c : w.cursors) CursorFields(c, in);
  }
}

absl::Status DecodeState(const SectionReader& file, absl::string_view payload,
                         TrainState& state) {
  Decoder in(payload);
  DecodeStateFields(in, state);
  return file.Check(in, "STAT");
}

}  // namespace

std::string EncodeTrainState(const TrainState& state) {
  return StatePayload(state);
}

absl::StatusOr<TrainState> DecodeTrainState(absl::string_view bytes) {
  TrainState state;
  Decoder in(bytes);
  DecodeStateFields(in, state);
  if (!in.ok() || in.left() != 0) {
    return absl::DataLossError(absl::StrCat(
        "a trainer state received from another process is malformed: ",
        in.ok() ? "it is too long" : in.failure()));
  }
  return state;
}

absl::Status WriteCheckpoint(const std::string& path, const TrainConfig& config,
                             const std::vector<std::string>& corpus_files,
                             const Vocab& vocab, const EmbeddingModel& model,
                             const TrainState& state,
                             const CheckpointNotes& notes) {
  // Train() gives the model's biases the last word; so does the checkpoint.
  TrainConfig stored = config;
  stored.objective_options.output_bias = !model.bias.empty();
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFile> file, AtomicFile::Create(path));
  std::string header(kMagic, sizeof(kMagic));
  AppendLittleEndian(header, kCheckpointVersion);
  RETURN_IF_ERROR(file->Write(header));
  SectionWriter out(*file);
  RETURN_IF_ERROR(out.Whole("CONF", ConfigPayload(stored)));
  RETURN_IF_ERROR(out.Whole("CORP", StringsPayload(corpus_files)));
  RETURN_IF_ERROR(out.Whole("NOTE", NotesPayload(notes)));
  RETURN_IF_ERROR(out.Whole("VOCB", VocabPayload(vocab)));
  RETURN_IF_ERROR(out.Whole("STAT", StatePayload(state)));
  RETURN_IF_ERROR(out.WriteMatrix("INPT", model.input));
  RETURN_IF_ERROR(out.WriteMatrix("OUTP", model.output));
  std::string bias;
  AppendLittleEndian<uint64_t>(bias, model.bias.size());
  AppendFloats(bias, model.bias.data(), model.bias.size());
  RETURN_IF_ERROR(out.Whole("BIAS", bias));
  RETURN_IF_ERROR(out.Whole("END ", ""));
  return file->Commit();
}

absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open checkpoint ", path,
                                            ": ", std::strerror(errno)));
  }
  uint64_t file_bytes = 0;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long end = std::ftell(file.get());
    if (end > 0) file_bytes = static_cast<uint64_t>(end);
  }
  std::rewind(file.get());
  SectionReader in(file.get(), file_bytes, path);
  char magic[sizeof(kMagic)];
  if (!in.Raw(magic, sizeof(magic)).ok() ||
      std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
    return in.Error("not an nce2vec checkpoint");
  }
  char version_bytes[4];
  RETURN_IF_ERROR(in.Raw(version_bytes, 4));
  const uint32_t version = LoadLittleEndian<uint32_t>(version_bytes);
  if (version < kCheckpointVersion) {
    // Version 1 stored command-line flags; version 2 had neither
    // TrainConfig::in_batch_cursors nor the cursors' states.
    return in.Error(absl::StrCat(
        "format version ", version, " is from an older nce2vec, which ",
        version == 1 ? "stored command-line flags instead of the settings"
                     : "had no spread in-batch batches",
        "; this nce2vec reads version ", kCheckpointVersion,
        " only: start the run again"));
  }
  if (version > kCheckpointVersion) {
    return in.Error(absl::StrCat("format version ", version,
                                 " is from a newer nce2vec; this one reads "
                                 "version ",
                                 kCheckpointVersion));
  }
  Checkpoint ckpt;
  ASSIGN_OR_RETURN(const std::string config, in.Whole("CONF"));
  RETURN_IF_ERROR(DecodeConfig(in, config, ckpt.config));
  if (absl::Status s = ckpt.config.Validate(); !s.ok()) {
    return in.Error(s.message());
  }

  ASSIGN_OR_RETURN(const std::string corpus, in.Whole("CORP"));
  Decoder files(corpus);
  uint32_t n = 0;
  files(n);
  for (uint32_t i = 0; i < n && files.ok(); ++i) {
    files(ckpt.corpus_files.emplace_back());
  }
  RETURN_IF_ERROR(in.Check(files, "CORP"));

  ASSIGN_OR_RETURN(const std::string notes, in.Whole("NOTE"));
  Decoder note(notes);
  note(n);
  for (uint32_t i = 0; i < n && note.ok(); ++i) {
    auto& [name, value] = ckpt.notes.emplace_back();
    note(name);
    note(value);
  }
  RETURN_IF_ERROR(in.Check(note, "NOTE"));

  ASSIGN_OR_RETURN(const std::string words_payload, in.Whole("VOCB"));
  Decoder words_in(words_payload);
  uint32_t words = 0;
  words_in(words);
  std::vector<std::pair<std::string, int64_t>> counts;
  for (uint32_t i = 0; i < words && words_in.ok(); ++i) {
    auto& [word, count] = counts.emplace_back();
    words_in(word);
    words_in(count);
  }
  RETURN_IF_ERROR(in.Check(words_in, "VOCB"));
  std::vector<std::string> order;
  for (const auto& entry : counts) order.push_back(entry.first);
  ASSIGN_OR_RETURN(ckpt.vocab, Vocab::FromCounts(std::move(counts)));
  // FromCounts sorts; the ids must stay the ones the matrices were trained
  // with, which they are when the file was written by WriteCheckpoint.
  if (ckpt.vocab.words() != order) {
    return in.Error("the vocabulary is not in id order");
  }

  ASSIGN_OR_RETURN(const std::string state, in.Whole("STAT"));
  RETURN_IF_ERROR(DecodeState(in, state, ckpt.state));
  // A run of several processes stores each one's threads.
  if (ckpt.state.workers.size() % ckpt.config.threads != 0) {
    return in.Error(absl::StrCat("the state has ", ckpt.state.workers.size(),
                                 " workers, not a multiple of "
                                 "TrainConfig::threads ",
                                 ckpt.config.threads));
  }
  // With n-grams the input matrix has the buckets' rows after the words'.
  ckpt.model.ngram_rows = ckpt.config.subwords.ngram_rows();
  ASSIGN_OR_RETURN(
      ckpt.model.input,
      in.ReadMatrix("INPT", words + ckpt.model.ngram_rows, ckpt.config.dim));
  ASSIGN_OR_RETURN(
      ckpt.model.output,
      in.ReadMatrix("OUTP",
                    FindObjective(ckpt.config.objective)->output_rows(words),
                    ckpt.config.dim));
  ASSIGN_OR_RETURN(const uint64_t bias_bytes, in.Begin("BIAS"));
  char bias_count[8];
  RETURN_IF_ERROR(in.Read(bias_count, sizeof(bias_count)));
  const uint64_t biases = LoadLittleEndian<uint64_t>(bias_count);
  const uint64_t expected =
      ckpt.config.objective_options.output_bias ? words : 0;
  if (biases != expected || bias_bytes != 8 + biases * sizeof(float)) {
    return in.Error(absl::StrCat("section 'BIAS' holds ", biases,
                                 " biases, expected ", expected));
  }
  std::string bias(biases * sizeof(float), '\0');
  RETURN_IF_ERROR(in.Read(bias.data(), bias.size()));
  ckpt.model.bias.resize(biases);
  LoadFloats(bias.data(), biases, ckpt.model.bias.data());
  RETURN_IF_ERROR(in.End("BIAS"));
  RETURN_IF_ERROR(in.Begin("END ").status());
  RETURN_IF_ERROR(in.End("END "));
  return ckpt;
}

}  // namespace nce2vec
