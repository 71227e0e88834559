#include "src/trainer/checkpoint.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "src/util/atomic_file.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

constexpr char kMagic[8] = {'N', 'C', 'E', '2', 'V', 'E', 'C', 'K'};

uint32_t Tag(const char (&name)[5]) {
  uint32_t tag;
  std::memcpy(&tag, name, 4);
  return tag;
}

// Little-endian fields appended to a buffer (x86 and ARM are little-endian;
// the format says so, so that a big-endian port knows to swap).
template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

void PutString(std::string& out, absl::string_view s) {
  Put<uint32_t>(out, static_cast<uint32_t>(s.size()));
  out.append(s.data(), s.size());
}

// Writes sections: a header, the payload (in pieces), the payload's CRC.
class SectionWriter {
 public:
  explicit SectionWriter(AtomicFile& file) : file_(file) {}

  absl::Status Begin(uint32_t tag, uint64_t bytes) {
    std::string header;
    Put(header, tag);
    Put(header, bytes);
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
    Put<uint32_t>(crc, static_cast<uint32_t>(crc_));
    return file_.Write(crc);
  }
  absl::Status Whole(uint32_t tag, absl::string_view payload) {
    RETURN_IF_ERROR(Begin(tag, payload.size()));
    RETURN_IF_ERROR(Add(payload));
    return End();
  }
  // Rows without their padding, so that the file does not depend on it.
  absl::Status WriteMatrix(uint32_t tag, const Matrix& m) {
    const uint64_t row_bytes = m.cols() * sizeof(float);
    RETURN_IF_ERROR(Begin(tag, 12 + m.rows() * row_bytes));
    std::string head;
    Put<uint64_t>(head, m.rows());
    Put<uint32_t>(head, static_cast<uint32_t>(m.cols()));
    RETURN_IF_ERROR(Add(head));
    for (int64_t r = 0; r < m.rows(); ++r) {
      RETURN_IF_ERROR(Add(absl::string_view(
          reinterpret_cast<const char*>(m.row(r)), row_bytes)));
    }
    return End();
  }

 private:
  AtomicFile& file_;
  uLong crc_ = 0;
};

// Reads sections back, checking each CRC.
class SectionReader {
 public:
  SectionReader(std::FILE* file, std::string path)
      : file_(file), path_(std::move(path)) {}

  absl::Status Error(absl::string_view what) const {
    return absl::DataLossError(absl::StrCat("checkpoint ", path_, ": ", what));
  }

  absl::Status Raw(void* out, size_t bytes) {
    if (std::fread(out, 1, bytes, file_) != bytes) {
      return Error("truncated");
    }
    return absl::OkStatus();
  }

  // Opens the next section, which must be `name`.
  absl::Status Begin(const char (&name)[5]) {
    uint32_t tag;
    RETURN_IF_ERROR(Raw(&tag, 4));
    RETURN_IF_ERROR(Raw(&left_, 8));
    if (tag != Tag(name)) {
      return Error(absl::StrCat("expected section '", name, "'"));
    }
    crc_ = crc32(0, nullptr, 0);
    return absl::OkStatus();
  }
  absl::Status Read(void* out, uint64_t bytes) {
    // crc32_z of a null buffer returns 0 rather than the running CRC.
    if (bytes == 0) return absl::OkStatus();
    if (bytes > left_) return Error("a section is shorter than its contents");
    RETURN_IF_ERROR(Raw(out, bytes));
    crc_ = crc32_z(crc_, static_cast<const Bytef*>(out), bytes);
    left_ -= bytes;
    return absl::OkStatus();
  }
  template <typename T>
  absl::StatusOr<T> Get() {
    T value;
    RETURN_IF_ERROR(Read(&value, sizeof(T)));
    return value;
  }
  absl::StatusOr<std::string> GetString() {
    ASSIGN_OR_RETURN(const uint32_t n, Get<uint32_t>());
    if (n > left_) return Error("a string runs past its section");
    std::string s(n, '\0');
    RETURN_IF_ERROR(Read(s.data(), n));
    return s;
  }
  absl::Status End(const char (&name)[5]) {
    if (left_ != 0) return Error(absl::StrCat("section '", name, "' too long"));
    uint32_t crc;
    RETURN_IF_ERROR(Raw(&crc, 4));
    if (crc != static_cast<uint32_t>(crc_)) {
      return Error(absl::StrCat("checksum mismatch in section '", name, "'"));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<Matrix> ReadMatrix(const char (&name)[5], int64_t rows,
                                    int dim) {
    RETURN_IF_ERROR(Begin(name));
    ASSIGN_OR_RETURN(const uint64_t n, Get<uint64_t>());
    ASSIGN_OR_RETURN(const uint32_t cols, Get<uint32_t>());
    if (static_cast<int64_t>(n) != rows || (dim > 0 && cols != dim)) {
      return Error(absl::StrCat("section '", name, "' is ", n, " x ", cols,
                                ", expected ", rows, " rows"));
    }
    Matrix m(rows, cols);
    if (rows > 0 && m.data() == nullptr) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "cannot allocate the checkpoint's ", rows, " x ", cols, " matrix"));
    }
    for (int64_t r = 0; r < rows; ++r) {
      RETURN_IF_ERROR(Read(m.row(r), cols * sizeof(float)));
    }
    RETURN_IF_ERROR(End(name));
    return m;
  }

 private:
  std::FILE* file_;
  std::string path_;
  uint64_t left_ = 0;
  uLong crc_ = 0;
};

std::string SettingsPayload(const CheckpointSettings& settings) {
  std::string out;
  Put<uint32_t>(out, static_cast<uint32_t>(settings.size()));
  for (const auto& [name, value] : settings) {
    PutString(out, name);
    PutString(out, value);
  }
  return out;
}

std::string VocabPayload(const Vocab& vocab) {
  std::string out;
  Put<uint32_t>(out, static_cast<uint32_t>(vocab.size()));
  for (int32_t w = 0; w < vocab.size(); ++w) {
    PutString(out, vocab.word(w));
    Put<int64_t>(out, vocab.count(w));
  }
  return out;
}

std::string StatePayload(const TrainState& state) {
  std::string out;
  Put<double>(out, state.seconds);
  Put<uint64_t>(out, state.corpus_bytes);
  Put<uint32_t>(out, static_cast<uint32_t>(state.workers.size()));
  for (const WorkerState& w : state.workers) {
    Put<int32_t>(out, w.epoch);
    Put<int64_t>(out, w.sentences);
    for (uint64_t r : w.rng) Put<uint64_t>(out, r);
    Put<float>(out, w.lr);
    Put<int64_t>(out, w.unpublished_words);
    Put<int64_t>(out, w.published_words);
    Put<double>(out, w.loss);
    Put<int64_t>(out, w.pairs);
    Put<uint8_t>(out, w.finished ? 1 : 0);
  }
  Put<uint32_t>(out, static_cast<uint32_t>(state.curve.size()));
  for (const CurvePoint& p : state.curve) {
    Put<double>(out, p.seconds);
    Put<int64_t>(out, p.words);
    Put<double>(out, p.loss);
    Put<int64_t>(out, p.pairs);
  }
  return out;
}

absl::Status ReadState(SectionReader& in, TrainState& state) {
  RETURN_IF_ERROR(in.Begin("STAT"));
  ASSIGN_OR_RETURN(state.seconds, in.Get<double>());
  ASSIGN_OR_RETURN(state.corpus_bytes, in.Get<uint64_t>());
  ASSIGN_OR_RETURN(const uint32_t workers, in.Get<uint32_t>());
  if (workers > 1024) return in.Error("more than 1024 workers");
  state.workers.resize(workers);
  for (WorkerState& w : state.workers) {
    ASSIGN_OR_RETURN(w.epoch, in.Get<int32_t>());
    ASSIGN_OR_RETURN(w.sentences, in.Get<int64_t>());
    for (uint64_t& r : w.rng) {
      ASSIGN_OR_RETURN(r, in.Get<uint64_t>());
    }
    ASSIGN_OR_RETURN(w.lr, in.Get<float>());
    ASSIGN_OR_RETURN(w.unpublished_words, in.Get<int64_t>());
    ASSIGN_OR_RETURN(w.published_words, in.Get<int64_t>());
    ASSIGN_OR_RETURN(w.loss, in.Get<double>());
    ASSIGN_OR_RETURN(w.pairs, in.Get<int64_t>());
    ASSIGN_OR_RETURN(const uint8_t finished, in.Get<uint8_t>());
    w.finished = finished != 0;
  }
  ASSIGN_OR_RETURN(const uint32_t points, in.Get<uint32_t>());
  if (points > 100000) return in.Error("too many loss-curve points");
  state.curve.resize(points);
  for (CurvePoint& p : state.curve) {
    ASSIGN_OR_RETURN(p.seconds, in.Get<double>());
    ASSIGN_OR_RETURN(p.words, in.Get<int64_t>());
    ASSIGN_OR_RETURN(p.loss, in.Get<double>());
    ASSIGN_OR_RETURN(p.pairs, in.Get<int64_t>());
  }
  return in.End("STAT");
}

}  // namespace

absl::Status WriteCheckpoint(const std::string& path,
                             const CheckpointSettings& settings,
                             const Vocab& vocab, const EmbeddingModel& model,
                             const TrainState& state) {
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFile> file, AtomicFile::Create(path));
  std::string header(kMagic, sizeof(kMagic));
  Put<uint32_t>(header, kCheckpointVersion);
  RETURN_IF_ERROR(file->Write(header));
  SectionWriter out(*file);
  RETURN_IF_ERROR(out.Whole(Tag("CONF"), SettingsPayload(settings)));
  RETURN_IF_ERROR(out.Whole(Tag("VOCB"), VocabPayload(vocab)));
  RETURN_IF_ERROR(out.Whole(Tag("STAT"), StatePayload(state)));
  RETURN_IF_ERROR(out.WriteMatrix(Tag("INPT"), model.input));
  RETURN_IF_ERROR(out.WriteMatrix(Tag("OUTP"), model.output));
  std::string bias;
  Put<uint64_t>(bias, model.bias.size());
  bias.append(reinterpret_cast<const char*>(model.bias.data()),
              model.bias.size() * sizeof(float));
  RETURN_IF_ERROR(out.Whole(Tag("BIAS"), bias));
  RETURN_IF_ERROR(out.Whole(Tag("END "), ""));
  return file->Commit();
}

absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(path.c_str(), "rb"), &std::fclose);
  if (file == nullptr) {
    return absl::NotFoundError(absl::StrCat("cannot open checkpoint ", path,
                                            ": ", std::strerror(errno)));
  }
  SectionReader in(file.get(), path);
  char magic[sizeof(kMagic)];
  uint32_t version;
  if (!in.Raw(magic, sizeof(magic)).ok() ||
      std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
    return in.Error("not an nce2vec checkpoint");
  }
  RETURN_IF_ERROR(in.Raw(&version, 4));
  if (version != kCheckpointVersion) {
    return in.Error(absl::StrCat("version ", version, "; this nce2vec reads ",
                                 kCheckpointVersion));
  }
  Checkpoint ckpt;
  RETURN_IF_ERROR(in.Begin("CONF"));
  ASSIGN_OR_RETURN(const uint32_t settings, in.Get<uint32_t>());
  for (uint32_t i = 0; i < settings; ++i) {
    ASSIGN_OR_RETURN(std::string name, in.GetString());
    ASSIGN_OR_RETURN(std::string value, in.GetString());
    ckpt.settings.emplace_back(std::move(name), std::move(value));
  }
  RETURN_IF_ERROR(in.End("CONF"));

  RETURN_IF_ERROR(in.Begin("VOCB"));
  ASSIGN_OR_RETURN(const uint32_t words, in.Get<uint32_t>());
  std::vector<std::pair<std::string, int64_t>> counts;
  for (uint32_t i = 0; i < words; ++i) {
    ASSIGN_OR_RETURN(std::string word, in.GetString());
    ASSIGN_OR_RETURN(const int64_t count, in.Get<int64_t>());
    counts.emplace_back(std::move(word), count);
  }
  RETURN_IF_ERROR(in.End("VOCB"));
  std::vector<std::string> order;
  for (const auto& entry : counts) order.push_back(entry.first);
  ASSIGN_OR_RETURN(ckpt.vocab, Vocab::FromCounts(std::move(counts)));
  // FromCounts sorts; the ids must stay the ones the matrices were trained
  // with, which they are when the file was written by WriteCheckpoint.
  if (ckpt.vocab.words() != order) {
    return in.Error("the vocabulary is not in id order");
  }
  RETURN_IF_ERROR(ReadState(in, ckpt.state));
  ASSIGN_OR_RETURN(ckpt.model.input, in.ReadMatrix("INPT", words, 0));
  ASSIGN_OR_RETURN(ckpt.model.output,
                   in.ReadMatrix("OUTP", words, ckpt.model.dim()));
  RETURN_IF_ERROR(in.Begin("BIAS"));
  ASSIGN_OR_RETURN(const uint64_t biases, in.Get<uint64_t>());
  if (biases != 0 && biases != words) return in.Error("wrong bias count");
  ckpt.model.bias.resize(biases);
  RETURN_IF_ERROR(in.Read(ckpt.model.bias.data(), biases * sizeof(float)));
  RETURN_IF_ERROR(in.End("BIAS"));
  RETURN_IF_ERROR(in.Begin("END "));
  RETURN_IF_ERROR(in.End("END "));
  return ckpt;
}

}  // namespace nce2vec
