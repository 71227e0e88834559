// Hogwild (Recht, Re, Wright & Niu 2011): every thread reads its own shard of
// the corpus and updates the shared input and output matrices (and biases)
// with no lock. Two threads may read and write the same row at once; an
// update can then be lost or applied to a row another thread is half-way
// through reading. This is the one place in nce2vec where data races are
// intended: with sparse updates over a large vocabulary collisions are rare,
// SGD tolerates them, and every peer (word2vec.c, fastText, gensim) trains
// the same way. Everything else the threads share is either immutable (the
// vocabulary, the noise sampler, the objective) or an atomic counter.
#include "src/trainer/trainer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "src/objectives/registry.h"
#include "src/sampler/alias_sampler.h"
#include "src/trainer/batch_builder.h"
#include "src/trainer/batch_limits.h"
#include "src/trainer/divergence_guard.h"
#include "src/trainer/subword_composer.h"
#include "src/util/blas_threads.h"
#include "src/util/status_macros.h"

namespace nce2vec {
namespace {

// A thread publishes its counters and re-reads the learning rate this often
// (in vocabulary tokens read), as word2vec.c does; more often on corpora so
// small that the loss curve would otherwise miss points.
constexpr int64_t kPublishEvery = 10000;
constexpr int kLossCurvePoints = 100;
// The divergence guards draw their rows from streams of the seed far from
// the workers' (0, 1, ...), so that checking never changes training.
constexpr uint64_t kGuardStreams = 1 << 20;

using Clock = std::chrono::steady_clock;

// Written by one worker, read by the monitor: one cache line each so that
// the workers do not contend for them.
struct alignas(64) WorkerCounters {
  std::atomic<int64_t> words{0};
  std::atomic<double> loss{0};
  std::atomic<int64_t> pairs{0};
};

// The workers' counters summed at one moment.
using Sample = CurvePoint;

struct Shared {
  Shared(const TrainConfig& config, const Corpus& corpus, const Vocab& vocab,
         EmbeddingModel& model, const Objective& objective,
         const TrainHooks& hooks, const SubwordIndex* subwords)
      : config(config),
        hooks(hooks),
        corpus(corpus),
        vocab(vocab),
        model(model),
        objective(objective),
        subwords(subwords),
        keep(vocab.KeepProbabilities(config.sample)),
        total_words(static_cast<int64_t>(config.epochs) * vocab.total_count()),
        counters(new WorkerCounters[config.threads]),
        publish_every(std::clamp<int64_t>(
            total_words / (4 * kLossCurvePoints * config.threads), 100,
            kPublishEvery)) {
    const ObjectiveInfo* info = FindObjective(config.objective);
    divergence_limits.max_norm = config.max_norm;
    // The distance losses can pull every vector onto one point; the
    // dot-product ones have no such minimum.
    divergence_limits.detect_collapse =
        info->scoring == Scoring::kSquaredDistance;
    divergence_limits.lr = config.lr;
    divergence_limits.subwords = subwords;
  }

  int64_t WordsDone() const {
    int64_t words = 0;
    for (int t = 0; t < config.threads; ++t) {
      words += counters[t].words.load(std::memory_order_relaxed);
    }
    return words;
  }

  Sample Take() const {
    Sample sample;
    sample.seconds = seconds_before + SessionSeconds();
    for (int t = 0; t < config.threads; ++t) {
      sample.words += counters[t].words.load(std::memory_order_relaxed);
      sample.loss += counters[t].loss.load(std::memory_order_relaxed);
      sample.pairs += counters[t].pairs.load(std::memory_order_relaxed);
    }
    return sample;
  }

  // Called by a worker after it publishes: the first to see the run cross a
  // 1/kLossCurvePoints step records a curve point. Recording here rather
  // than in the monitor's timed loop gives every step its point however
  // short the run.
  void MaybeRecordCurvePoint() {
    const int64_t done = WordsDone();
    const int step = static_cast<int>(std::min<int64_t>(
        kLossCurvePoints,
        done * kLossCurvePoints / std::max<int64_t>(1, total_words)));
    int seen = curve_steps.load();
    while (step > seen) {
      if (curve_steps.compare_exchange_weak(seen, step)) {
        const Sample sample = Take();
        std::lock_guard<std::mutex> lock(curve_mutex);
        curve.push_back(sample);
        return;
      }
    }
  }

  double SessionSeconds() const {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  // Whether the hooks ask the workers to stop (checked at publish points).
  bool StopRequested() const {
    return (hooks.stop != nullptr &&
            hooks.stop->load(std::memory_order_relaxed)) ||
           (hooks.stop_after_words > 0 &&
            WordsDone() >= hooks.stop_after_words) ||
           (hooks.stop_after_seconds > 0 &&
            SessionSeconds() >= hooks.stop_after_seconds);
  }

  // word2vec.c's schedule: linear decay to lr * 1e-4 over all epochs.
  float LearningRate(int64_t words_done) const {
    const double fraction =
        static_cast<double>(words_done) / static_cast<double>(total_words + 1);
    return static_cast<float>(config.lr * std::max(1e-4, 1.0 - fraction));
  }

  const TrainConfig& config;
  const TrainHooks& hooks;
  const Corpus& corpus;
  const Vocab& vocab;
  EmbeddingModel& model;
  const Objective& objective;
  // With n-grams: every word's input rows; nullptr for a word-only model.
  const SubwordIndex* subwords;
  const std::vector<float> keep;
  const int64_t total_words;
  std::unique_ptr<WorkerCounters[]> counters;
  const int64_t publish_every;
  DivergenceLimits divergence_limits;
  const Clock::time_point start = Clock::now();
  double seconds_before = 0;  // of the runs this one resumes
  std::atomic<bool> stop{false};
  std::atomic<int> curve_steps{0};
  std::mutex curve_mutex;
  std::vector<Sample> curve;  // guarded by curve_mutex
};

class Worker {
 public:
  // `state`: InitialWorkerState's, or the state a stopped run left.
  Worker(Shared& shared, int thread, const WorkerState& state)
      : shared_(shared),
        config_(shared.config),
        thread_(thread),
        state_(state),
        limits_(BatchLimitsFor(config_)),
        builder_(limits_.rows, limits_.inputs, limits_.positives, config_.dim),
        workspace_(shared.objective.NewWorkspace(
            {.max_rows = limits_.rows,
             .max_positives = limits_.positives,
             .stride = shared.model.output.stride()})),
        guard_(shared.divergence_limits,
               Rng::StreamSeed(config_.seed, kGuardStreams + thread)) {
    params_.vectors = shared.model.output.data();
    params_.bias =
        shared.model.bias.empty() ? nullptr : shared.model.bias.data();
    params_.stride = shared.model.output.stride();
    params_.vocab_size = shared.model.vocab_size();
    sentence_.reserve(kMaxSentenceTokens);
    context_.reserve(2 * config_.window);
    if (shared.subwords != nullptr) {
      composer_ = std::make_unique<SubwordComposer>(
          *shared.subwords, SubwordSlots(limits_, config_.window), config_.dim);
    }
  }

  // Where the worker stands. REQUIRES: Run() returned.
  const WorkerState& state() const { return state_; }

  bool stopped() const { return stopped_; }

  // Trains to the end, or until the hooks ask to stop: then the worker
  // finishes the batch under way (so that nothing but the state below is
  // needed to continue) and returns with stopped() true.
  absl::Status Run() {
    if (state_.finished) return absl::OkStatus();
    for (; state_.epoch < config_.epochs;
         ++state_.epoch, state_.sentences = 0) {
      ASSIGN_OR_RETURN(std::unique_ptr<TokenReader> reader,
                       shared_.corpus.OpenShard(thread_, config_.threads));
      RETURN_IF_ERROR(SkipSentences(*reader, state_.sentences));
      while (true) {
        const bool more = ReadSentence(*reader);
        if (!reader->status().ok()) return reader->status();
        if (!more) break;
        TrainSentence();
        ++state_.sentences;
        if (state_.unpublished_words >= shared_.publish_every) {
          RETURN_IF_ERROR(Publish());
          if (shared_.stop.load(std::memory_order_relaxed)) {
            return absl::OkStatus();
          }
          stopping_ = stopping_ || shared_.StopRequested();
        }
        if (stopping_ && builder_.rows() == 0) {
          stopped_ = true;
          return absl::OkStatus();
        }
      }
    }
    Step();  // a last partial batch
    state_.finished = true;
    return Publish();
  }

 private:
  // Moves a resumed worker's reader past the sentences it already trained,
  // without touching the RNG (which was restored as it stood after them).
  absl::Status SkipSentences(TokenReader& reader, int64_t sentences) {
    absl::string_view token;
    for (int64_t n = 0; n < sentences;) {
      const TokenEvent event = reader.Next(&token);
      if (event == TokenEvent::kEndOfSentence) ++n;
      if (event == TokenEvent::kEnd) {
        RETURN_IF_ERROR(reader.status());
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot resume: shard ", thread_, " of the corpus has ", n,
            " sentences, the checkpoint had read ", sentences,
            "; the corpus changed"));
      }
    }
    return absl::OkStatus();
  }

  // Fills sentence_ with the ids of one sentence's kept words; false at the
  // end of the shard.
  bool ReadSentence(TokenReader& reader) {
    sentence_.clear();
    absl::string_view token;
    while (true) {
      const TokenEvent event = reader.Next(&token);
      if (event == TokenEvent::kEnd) return false;
      if (event == TokenEvent::kEndOfSentence) return true;
      const int32_t id = shared_.vocab.Find(token);
      if (id < 0) continue;
      ++state_.unpublished_words;
      const float keep = shared_.keep[id];
      if (keep < 1.0f && keep < state_.rng.UniformFloat()) continue;
      sentence_.push_back(id);
    }
  }

  // word2vec's shrinking window around pos in a sentence of n words: its
  // size is uniform in [1, window]. Sets [first, last]; false when it holds
  // no other position.
  bool DrawWindow(int pos, int n, int& first, int& last) {
    const int window =
        config_.window - static_cast<int>(state_.rng.Uniform(config_.window));
    first = std::max(0, pos - window);
    last = std::min(n - 1, pos + window);
    return first != last;
  }

  void TrainSentence() {
    if (composer_ != nullptr) {
      TrainSentenceWithSubwords();
      return;
    }
    const int n = static_cast<int>(sentence_.size());
    const Matrix& input = shared_.model.input;
    for (int pos = 0; pos < n; ++pos) {
      int first, last;
      if (!DrawWindow(pos, n, first, last)) continue;
      const int32_t* centre = &sentence_[pos];
      if (config_.model == ModelType::kCbow) {
        context_.clear();
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(sentence_[c]);
        }
        builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                        centre, 1, input);
      } else if (limits_.shape == BatchShape::kCentreRows) {
        context_.clear();
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(sentence_[c]);
        }
        builder_.AddRow(centre, 1, context_.data(),
                        static_cast<int>(context_.size()), input);
      } else {
        for (int c = first; c <= last; ++c) {
          if (c != pos) builder_.AddRow(&sentence_[c], 1, centre, 1, input);
        }
      }
      if (limits_.shape == BatchShape::kContextRows ||
          builder_.rows() == builder_.max_rows()) {
        Step();
      }
    }
  }

  // TrainSentence with subword-composed input vectors (subword_composer.h):
  // the same windows, rows and batches, over slots of composed vectors. A
  // window per Step (kContextRows) reads the sentence's positions, each
  // composed once and scattered once the window has moved past it; batches
  // of windows (kCentreRows) compose their input words per row, which for
  // skip-gram is each centre word once.
  void TrainSentenceWithSubwords() {
    SubwordComposer& composer = *composer_;
    Matrix& input = shared_.model.input;
    const Matrix& slots = composer.vectors();
    const bool cbow = config_.model == ModelType::kCbow;
    const bool positions = limits_.shape == BatchShape::kContextRows;
    const int n = static_cast<int>(sentence_.size());
    composer.StartSentence(sentence_.data());
    for (int pos = 0; pos < n; ++pos) {
      int first, last;
      if (!DrawWindow(pos, n, first, last)) continue;
      const int32_t* centre = &sentence_[pos];
      context_.clear();
      if (positions) {
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(composer.Position(c, input));
        }
        if (cbow) {
          builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                          centre, 1, slots);
        } else {
          for (const int32_t& slot : context_) {
            builder_.AddRow(&slot, 1, centre, 1, slots);
          }
        }
        Step();
        // No later centre's window reaches back to pos - window.
        composer.RetireBefore(pos - config_.window + 1, input);
        continue;
      }
      if (cbow) {
        for (int c = first; c <= last; ++c) {
          if (c != pos)
            context_.push_back(composer.BatchWord(sentence_[c], input));
        }
        builder_.AddRow(context_.data(), static_cast<int>(context_.size()),
                        centre, 1, slots);
      } else {
        for (int c = first; c <= last; ++c) {
          if (c != pos) context_.push_back(sentence_[c]);
        }
        const int32_t slot = composer.BatchWord(*centre, input);
        builder_.AddRow(&slot, 1, context_.data(),
                        static_cast<int>(context_.size()), slots);
      }
      if (builder_.rows() == builder_.max_rows()) Step();
    }
    if (positions) composer.RetireAll(input);
  }

  void Step() {
    if (builder_.rows() == 0) return;
    const StepResult result = shared_.objective.Step(
        builder_.batch(), state_.lr, params_, *workspace_, state_.rng);
    if (composer_ != nullptr) {
      builder_.ApplyHiddenGradients(composer_->vectors());
      builder_.ApplyHiddenGradients(composer_->gradients());
      if (limits_.shape == BatchShape::kCentreRows) {
        composer_->ScatterBatchWords(shared_.model.input);
      }
    } else {
      builder_.ApplyHiddenGradients(shared_.model.input);
    }
    builder_.Clear();
    state_.loss += result.loss;
    state_.pairs += result.pairs;
  }

  absl::Status Publish() {
    // Each worker is the only writer of its counters.
    WorkerCounters& counters = shared_.counters[thread_];
    state_.published_words += state_.unpublished_words;
    state_.unpublished_words = 0;
    counters.words.store(state_.published_words, std::memory_order_relaxed);
    counters.loss.store(state_.loss, std::memory_order_relaxed);
    counters.pairs.store(state_.pairs, std::memory_order_relaxed);
    state_.lr = shared_.LearningRate(shared_.WordsDone());
    shared_.MaybeRecordCurvePoint();
    const int64_t done = shared_.WordsDone();
    absl::Status status = guard_.Check(
        state_.loss,
        static_cast<double>(done) / std::max<int64_t>(1, shared_.total_words),
        done, shared_.model);
    if (!status.ok()) shared_.stop.store(true);
    return status;
  }

  Shared& shared_;
  const TrainConfig& config_;
  const int thread_;
  WorkerState state_;
  const BatchLimits limits_;
  BatchBuilder builder_;
  std::unique_ptr<Workspace> workspace_;
  OutputParams params_;
  std::vector<int32_t> sentence_;
  std::vector<int32_t> context_;
  DivergenceGuard guard_;
  std::unique_ptr<SubwordComposer> composer_;  // with n-grams only
  bool stopping_ = false;  // asked to stop; waiting for an empty batch
  bool stopped_ = false;
};

// A worker's state at the start of a run: its own random stream of the seed.
WorkerState InitialWorkerState(const TrainConfig& config, int thread) {
  WorkerState state;
  state.rng = Rng(Rng::StreamSeed(config.seed, thread));
  state.lr = static_cast<float>(config.lr);
  return state;
}

// Reports progress from the shared counters while the workers run (reading
// atomics only) and, once they stop, assembles the result and loss curve.
class Monitor {
 public:
  Monitor(const Shared& shared, const TrainHooks& hooks)
      : shared_(shared), hooks_(hooks) {}

  void Run(const std::atomic<bool>& done) {
    double next_report = hooks_.interval_seconds;
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const Sample sample = shared_.Take();
      if (hooks_.progress && sample.seconds >= next_report) {
        hooks_.progress(Snapshot(sample, last_report_), false);
        last_report_ = sample;
        next_report = sample.seconds + hooks_.interval_seconds;
      }
    }
  }

  // REQUIRES: the workers have stopped.
  TrainResult Finish() {
    const Sample end = shared_.Take();
    std::vector<Sample> points = shared_.curve;
    // Two workers may record steps in the other order.
    std::sort(
        points.begin(), points.end(),
        [](const Sample& a, const Sample& b) { return a.words < b.words; });
    if (points.empty() || end.pairs > points.back().pairs)
      points.push_back(end);
    TrainResult result;
    Sample before;
    Sample tail;
    bool have_tail = false;
    for (const Sample& point : points) {
      if (point.pairs <= before.pairs) continue;  // no loss to report
      result.loss_curve.push_back(Snapshot(point, before));
      before = point;
      if (!have_tail && Fraction(point.words) >= 0.95 &&
          point.pairs < end.pairs) {
        tail = point;
        have_tail = true;
      }
    }
    result.seconds = end.seconds;
    result.words = end.words;
    result.words_per_sec_per_thread = WordsPerSecPerThread(end);
    result.mean_loss = end.pairs > 0 ? end.loss / end.pairs : 0;
    result.final_loss = end.pairs > tail.pairs
                            ? (end.loss - tail.loss) / (end.pairs - tail.pairs)
                            : result.mean_loss;
    if (hooks_.progress) hooks_.progress(Snapshot(end, Sample{}), true);
    return result;
  }

 private:
  double Fraction(int64_t words) const {
    return shared_.total_words > 0
               ? std::min(1.0, static_cast<double>(words) / shared_.total_words)
               : 1.0;
  }

  double WordsPerSecPerThread(const Sample& sample) const {
    return sample.seconds > 0
               ? sample.words / sample.seconds / shared_.config.threads
               : 0;
  }

  TrainProgress Snapshot(const Sample& now, const Sample& before) const {
    TrainProgress p;
    p.seconds = now.seconds;
    p.words = now.words;
    p.fraction = Fraction(now.words);
    p.words_per_sec_per_thread = WordsPerSecPerThread(now);
    p.lr = shared_.LearningRate(now.words);
    p.loss = now.pairs > before.pairs
                 ? (now.loss - before.loss) / (now.pairs - before.pairs)
                 : 0;
    p.eta_seconds =
        p.fraction > 0 ? now.seconds * (1 - p.fraction) / p.fraction : 0;
    return p;
  }

  const Shared& shared_;
  const TrainHooks& hooks_;
  Sample last_report_;
};

}  // namespace

absl::StatusOr<TrainResult> Train(const TrainConfig& config,
                                  const Corpus& corpus, const Vocab& vocab,
                                  EmbeddingModel& model,
                                  const TrainHooks& hooks, TrainState* state) {
  RETURN_IF_ERROR(config.Validate());
  if (model.vocab_size() != vocab.size() || model.dim() != config.dim) {
    return absl::InvalidArgumentError(
        absl::StrCat("model is ", model.vocab_size(), " x ", model.dim(),
                     " but the vocabulary has ", vocab.size(),
                     " words and TrainConfig::dim is ", config.dim));
  }
  const int64_t buckets =
      config.subwords.enabled() ? config.subwords.bucket : 0;
  if (model.ngram_rows != buckets) {
    return absl::InvalidArgumentError(
        absl::StrCat("model has ", model.ngram_rows,
                     " n-gram rows but SubwordOptions::bucket is ", buckets,
                     config.subwords.enabled() ? "" : " (no n-grams)"));
  }
  std::optional<SubwordIndex> subwords;
  if (config.subwords.enabled()) {
    subwords = SubwordIndex::Build(vocab.words(), config.subwords);
  }
  ASSIGN_OR_RETURN(AliasSampler noise,
                   AliasSampler::Create(vocab.counts(), config.noise_power));
  ObjectiveOptions options = config.objective_options;
  options.output_bias = !model.bias.empty();
  ASSIGN_OR_RETURN(std::unique_ptr<Objective> objective,
                   CreateObjective(config.objective, options, noise));
  Shared shared(config, corpus, vocab, model, *objective, hooks,
                subwords ? &*subwords : nullptr);
  const bool resume = state != nullptr && !state->workers.empty();
  std::vector<WorkerState> workers;
  if (resume) {
    if (static_cast<int>(state->workers.size()) != config.threads) {
      return absl::InvalidArgumentError(absl::StrCat(
          "TrainConfig::threads: the run to resume had ", state->workers.size(),
          " threads, each with its own shard; got ", config.threads));
    }
    if (state->corpus_bytes != corpus.total_bytes()) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot resume: the corpus is ", corpus.total_bytes(),
                       " bytes, the run to resume read ", state->corpus_bytes,
                       "; it must be the same corpus"));
    }
    for (int t = 0; t < config.threads; ++t) {
      const WorkerState& w = state->workers[t];
      shared.counters[t].words.store(w.published_words);
      shared.counters[t].loss.store(w.loss);
      shared.counters[t].pairs.store(w.pairs);
    }
    shared.curve = state->curve;
    if (!state->curve.empty()) {
      shared.curve_steps = static_cast<int>(std::min<int64_t>(
          kLossCurvePoints, state->curve.back().words * kLossCurvePoints /
                                std::max<int64_t>(1, shared.total_words)));
    }
    shared.seconds_before = state->seconds;
    workers = state->workers;
  } else {
    for (int t = 0; t < config.threads; ++t) {
      workers.push_back(InitialWorkerState(config, t));
    }
  }
  Monitor monitor(shared, hooks);
  std::atomic<bool> done{false};
  std::thread monitor_thread([&] { monitor.Run(done); });
  std::vector<absl::Status> statuses(config.threads);
  std::atomic<bool> stopped{false};
  {
    // The threads are ours (Hogwild); sgemm inside one must not start more.
    const SingleThreadedBlas single_threaded_blas;
    // Threads of our own rather than an OpenMP team: a team may be smaller
    // than asked (OMP_THREAD_LIMIT, OMP_DYNAMIC, a caller's parallel region),
    // and a shard without its thread would go untrained.
    std::vector<std::thread> threads;
    threads.reserve(config.threads);
    for (int t = 0; t < config.threads; ++t) {
      threads.emplace_back([&, t] {
        Worker worker(shared, t, workers[t]);
        statuses[t] = worker.Run();
        if (!statuses[t].ok()) shared.stop.store(true);
        workers[t] = worker.state();
        if (worker.stopped()) stopped.store(true);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  done.store(true);
  monitor_thread.join();
  for (const absl::Status& status : statuses) RETURN_IF_ERROR(status);
  if (stopped.load()) {
    TrainResult result = monitor.Finish();
    result.stopped = true;
    if (state != nullptr) {
      state->workers = std::move(workers);
      std::lock_guard<std::mutex> lock(shared.curve_mutex);
      state->curve = shared.curve;
      state->seconds = result.seconds;
      state->corpus_bytes = corpus.total_bytes();
    }
    return result;
  }
  // A vocabulary read from a file may share no word with the corpus; the
  // vectors would be their random initial values.
  if (shared.WordsDone() == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("no word of the vocabulary (", vocab.size(),
                     " words) occurs in the corpus; nothing was trained"));
  }
  return monitor.Finish();
}

}  // namespace nce2vec
