// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_MODEL_UPLOAD_HPP
#define GCHAT_MODEL_UPLOAD_HPP

// The response of media.upload (UploadAttachmentResponse of the discovery document).
// Written by hand until test/tools/gen_models.py emits the media schemas.

#include <gchat/json/fwd.hpp>
#include <gchat/model/attachment.hpp>

#include <boost/describe/class.hpp>

#include <optional>

namespace gchat {

/// What media.upload returns: the reference to put in a message's attachment.
struct upload_attachment_response {
    std::optional<gchat::attachment_data_ref> attachment_data_ref{};

    friend bool operator==(const upload_attachment_response&, const upload_attachment_response&) = default;
};
BOOST_DESCRIBE_STRUCT(upload_attachment_response, (), (attachment_data_ref))

} // namespace gchat

#endif
