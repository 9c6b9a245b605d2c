// SPDX-License-Identifier: Apache-2.0
// Owning pointers for GLib objects (GMime, libgsf), private to the message stage: no GLib type
// leaves src/message.
#pragma once

#include <glib-object.h>

#include <memory>

namespace mikiwame::message {

template <typename T>
struct GObjectUnref {
    void operator()(T* p) const {
        if (p) g_object_unref(p);
    }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref<T>>;

} // namespace mikiwame::message
