// OpenBLAS's thread count is one setting for the whole process. Code that
// runs its own threads, each calling sgemm, pins it to one for as long as
// they run (more would oversubscribe the cores) and must give the caller's
// setting back afterwards, on every path out.
#ifndef NCE2VEC_UTIL_BLAS_THREADS_H_
#define NCE2VEC_UTIL_BLAS_THREADS_H_

#include <cblas.h>

namespace nce2vec {

// Sets OpenBLAS to one thread until destroyed, then restores the count it
// found. Not thread-safe, as the setting it changes is not: create it on the
// thread that starts the workers, before it starts them.
class SingleThreadedBlas {
 public:
  SingleThreadedBlas() : previous_(openblas_get_num_threads()) {
    openblas_set_num_threads(1);
  }
  ~SingleThreadedBlas() { openblas_set_num_threads(previous_); }

  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

 private:
  const int previous_;
};

}  // namespace nce2vec

#endif  // NCE2VEC_UTIL_BLAS_THREADS_H_
