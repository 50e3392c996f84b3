"""Writes small text PDFs for the tests (Helvetica, one text object per line; no library needed)."""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None, header: str | None = None,
             numbered: bool = True) -> bytes:
    """A PDF whose pages hold ``pages``' lines top to bottom, with ``header`` atop each page and the
    page number at its foot. Text is Latin-1 (the standard font's encoding)."""
    objects: list[bytes] = []
    count = len(pages)
    page_ids = [5 + 2 * i for i in range(count)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    fields = " ".join(f"/{key} ({_escape(value)})" for key, value in (info or {}).items())
    objects.append(f"<< {fields} >>".encode("latin-1"))
    for number, lines in enumerate(pages, start=1):
        ops = []
        if header:
            ops.append(f"BT /F1 9 Tf 72 800 Td ({_escape(header)}) Tj ET")
        y = 760
        for line in lines:
            if line:
                ops.append(f"BT /F1 11 Tf 72 {y} Td ({_escape(line)}) Tj ET")
            y -= 15 if line else 22
        if numbered:
            ops.append(f"BT /F1 9 Tf 290 40 Td ({number}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        page_id = 5 + 2 * (number - 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {page_id + 1} 0 R >>".encode())
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
