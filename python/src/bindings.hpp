// The parts of the `_constel` extension module, one function per binding file (module.cpp calls them).
#pragma once

#include <pybind11/pybind11.h>

namespace constel::python {

void bind_verify(pybind11::module_& m);  // bind_verify.cpp: verify, Configuration
void bind_bounds(pybind11::module_& m);  // bind_bounds.cpp: bound, codebound, choose_d, table, plots, generate, params
void bind_train(pybind11::module_& m);   // bind_train.cpp: train, gap
void bind_loss(pybind11::module_& m);    // bind_loss.cpp: loss

}  // namespace constel::python
