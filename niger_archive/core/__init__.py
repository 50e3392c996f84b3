"""The Qt-free domain core: plain data objects, text offsets, anchoring, edits and errors."""
