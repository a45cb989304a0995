// The one translation unit that holds gchat's compiled definitions when a project defines
// GCHAT_SEPARATE_COMPILATION (built by the add_subdirectory consumer as `consumer_separate`).
#include <gchat/src.hpp>
