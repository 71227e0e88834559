// Propagation helpers for absl::Status and absl::StatusOr.
#ifndef NCE2VEC_UTIL_STATUS_MACROS_H_
#define NCE2VEC_UTIL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define NCE2VEC_CONCAT_INNER_(a, b) a##b
#define NCE2VEC_CONCAT_(a, b) NCE2VEC_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` is not OK.
#define RETURN_IF_ERROR(expr)                  \
  do {                                         \
    absl::Status nce2vec_status_ = (expr);     \
    if (!nce2vec_status_.ok()) return nce2vec_status_; \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): evaluates the StatusOr `expr`, returns its
// status on error, otherwise moves its value into `lhs` (which may declare a
// variable, e.g. `auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(NCE2VEC_CONCAT_(nce2vec_statusor_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) return statusor.status();     \
  lhs = std::move(statusor).value()

#endif  // NCE2VEC_UTIL_STATUS_MACROS_H_
