# Numerics: results must be bit-reproducible and match Gymnasium bit for bit.
# No FMA contraction (changes rounding), never -ffast-math.
add_compile_options(-ffp-contract=off -fno-fast-math)

# Warning set applied to every target of ours (not to dependencies).
function(l2l_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(L2L_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
