// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Compile-time budget: the one translation unit of a GCHAT_SEPARATE_COMPILATION build that holds gchat's
// compiled code (event parsing among it). Built by test/bench/compile_budget.sh with
// -DGCHAT_SEPARATE_COMPILATION; not part of the test suite.
#include <gchat/src.hpp>
