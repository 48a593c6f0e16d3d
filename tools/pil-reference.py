#!/usr/bin/env python3
"""Generate the image fixtures and their PIL / Hugging Face CLIP preprocessing references.

Run from the repository root with the system Python (Pillow + numpy):

    /usr/bin/python3 tools/pil-reference.py [--out fixtures/images]

Needs Debian's python3-pil, python3-numpy and python3-torchvision. Deterministic (numpy seed 20240611). For every
generated image it writes
  reference/<name>.png        the uint8 224x224 RGB crop of Hugging Face's rules, i.e.
                               Image.open(f).convert("RGB").resize((new_w, new_h), Image.BICUBIC)
                               then the centre crop at (size - 224) // 2, as transformers' CLIPImageProcessor does;
  reference/openai/<name>.png the crop of OpenAI's transform: torchvision Resize(224, BICUBIC) and CenterCrop(224)
                               on the image as opened, then convert("RGB") (clip.load's order);
  reference/manifest.json     file names, sizes, modes, both crops' offsets, stats of both normalised float32
                               tensors (HF: float64 * 1/255 -> float32, then (x - mean) / std in float32; OpenAI:
                               torchvision ToTensor + Normalize), and each convention's uint8 -> float table.
"""
import argparse
import hashlib
import json
import os
import struct
import zlib

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T

SIZE = 224
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
RNG = np.random.default_rng(20240611)


def pattern(w, h, channels=3):
    """Smooth gradients + a ring of sharp edges + a checkerboard patch + mild noise: resampling matters."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    u, v = x / max(w - 1, 1), y / max(h - 1, 1)
    base = [
        255 * u,
        255 * v,
        255 * (0.5 + 0.5 * np.sin(6.0 * u + 4.0 * v)),
        255 * (1 - u) * v,
    ]
    img = np.stack(base[:channels], axis=-1)
    # a hard-edged ring and a checkerboard
    r = np.hypot(x - 0.6 * w, y - 0.4 * h)
    ring = (r > 0.15 * min(w, h)) & (r < 0.25 * min(w, h))
    img[ring] = 255 - img[ring]
    cb = ((x // 4 + y // 4) % 2 == 0) & (x < w // 4) & (y > h // 2)
    img[cb] = 20
    # noise only in a band, so PNGs stay small
    band = (y > 0.25 * h) & (y < 0.33 * h)
    img[band] += RNG.normal(0, 8, size=img[band].shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def write_png16(path, arr):
    """16-bit RGB PNG written by hand (Pillow has no 16-bit RGB mode to save from)."""
    h, w, c = arr.shape
    assert c == 3 and arr.dtype == np.uint16
    rows = []
    for row in range(h):
        line = np.frombuffer(arr[row].astype(">u2").tobytes(), dtype=np.uint8).astype(np.int16)
        sub = line.copy()
        sub[6:] -= line[:-6]  # PNG filter type 1 (Sub), 6 bytes per pixel, keeps the file small
        rows.append(b"\x01" + (sub % 256).astype(np.uint8).tobytes())
    raw = b"".join(rows)
    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
                + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def generate(out):
    """Each entry: file name -> description. Files are (re)written deterministically."""
    made = {}

    def save(name, img, desc, **kw):
        img.save(os.path.join(out, name), **kw)
        made[name] = desc

    save("rgb_500x375_420.jpg", Image.fromarray(pattern(500, 375)), "RGB JPEG q90, 4:2:0",
         quality=90, subsampling=2)
    save("rgb_375x500_444.jpg", Image.fromarray(pattern(375, 500)), "RGB JPEG q85, 4:4:4, portrait",
         quality=85, subsampling=0)
    save("rgb_333x211_progressive.jpg", Image.fromarray(pattern(333, 211)), "progressive RGB JPEG",
         quality=90, progressive=True)
    save("l_1000x150.jpg", Image.fromarray(pattern(1000, 150, 1)[..., 0], "L"), "grayscale JPEG, extreme aspect",
         quality=90)
    save("cmyk_300x200.jpg", Image.fromarray(pattern(300, 200, 4), "CMYK"), "CMYK JPEG (Adobe, inverted)",
         quality=90)
    save("rgb_100x80.png", Image.fromarray(pattern(100, 80)), "RGB PNG, upscaled")
    save("rgb_224x224.png", Image.fromarray(pattern(224, 224)), "RGB PNG, no resize")
    save("rgb_225x224.png", Image.fromarray(pattern(225, 224)), "RGB PNG, no resize, crop only")
    save("rgb_333x211.png", Image.fromarray(pattern(333, 211)), "RGB PNG, downscaled")
    save("l_240x360.png", Image.fromarray(pattern(240, 360, 1)[..., 0], "L"), "grayscale PNG")
    p = Image.fromarray(pattern(256, 192)).quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    save("p_trns_256x192.png", p, "palette PNG with a transparent index", transparency=3)
    alpha = np.linspace(0, 255, 300, dtype=np.float64)[None, :].repeat(240, 0).round().astype(np.uint8)
    rgba = np.concatenate([pattern(300, 240), alpha[..., None]], axis=-1)
    save("rgba_300x240.png", Image.fromarray(rgba, "RGBA"), "RGBA PNG (alpha dropped, not composited)")
    la = np.stack([pattern(200, 300, 1)[..., 0], pattern(200, 300, 4)[..., 3]], axis=-1)
    save("la_200x300.png", Image.fromarray(la, "LA"), "LA PNG (alpha dropped)")
    g16 = pattern(240, 180, 1)[..., 0].astype(np.uint16) * 2  # 0..510: PIL's I->RGB clips at 255
    save("i16_240x180.png", Image.fromarray(g16, "I;16"), "16-bit grayscale PNG (PIL mode I; convert clips to 0..255)")
    # low byte is a simple ramp, different from the high byte, so "keep the high byte" is tested
    low = (np.add.outer(np.arange(120), np.arange(160)) % 256).astype(np.uint16)[..., None]
    rgb16 = pattern(160, 120).astype(np.uint16) * 256 + low
    write_png16(os.path.join(out, "rgb16_160x120.png"), rgb16)
    made["rgb16_160x120.png"] = "16-bit RGB PNG (PIL keeps the high byte)"
    # Resized width 335: (335 - 224) / 2 = 55.5, which torchvision rounds to 56 and transformers floors to 55.
    save("rgb_640x427_halfway.png", Image.fromarray(pattern(640, 427)), "RGB PNG, crop offset half-way (56 vs 55)")
    save("rgb_427x640_halfway.jpg", Image.fromarray(pattern(427, 640)), "RGB JPEG, portrait, crop offset half-way",
         quality=90)
    save("rgb_400x300_icc.jpg", Image.fromarray(pattern(400, 300)), "RGB JPEG with an embedded linear-RGB ICC"
         " profile (PIL ignores it)", quality=90, icc_profile=linear_rgb_profile())
    # Downscaled sources that OpenAI's order resizes in their own mode (appended last: earlier fixtures keep their
    # bytes, since the noise generator is shared).
    p2 = Image.fromarray(pattern(600, 401)).quantize(colors=200, method=Image.Quantize.MEDIANCUT,
                                                     dither=Image.Dither.NONE)
    save("p_600x401.png", p2, "palette PNG, downscaled (PIL resizes P with NEAREST)")
    g = pattern(500, 333, 1)[..., 0].astype(np.uint16) * 2
    g[40:120, 280:420] = 60000  # far above the clip at 255: resampled before clipping in OpenAI's order
    save("i16_500x333.png", Image.fromarray(g, "I;16"), "16-bit grayscale PNG, downscaled, values up to 60000")
    a = pattern(480, 360, 4)[..., 3]
    a[:, :60] = 0
    a[:, -60:] = 255
    la2 = np.stack([pattern(480, 360, 1)[..., 0], a], axis=-1)
    save("la_480x360.png", Image.fromarray(la2, "LA"), "LA PNG, downscaled, alpha 0 and 255 bands (premultiplied)")
    bw = Image.fromarray(pattern(300, 200, 1)[..., 0]).point(lambda v: 255 if v > 128 else 0).convert("1")
    save("bw_300x200.png", bw, "1-bit PNG (PIL mode 1, resized with NEAREST)")
    write_grey4(os.path.join(out, "l4_300x200.png"), pattern(300, 200, 1)[..., 0] >> 4)
    made["l4_300x200.png"] = "4-bit grayscale PNG (PIL mode L, bicubic; Java reads it as indexed)"
    return made


def write_grey4(path, arr):
    """4-bit grayscale PNG written by hand (Pillow does not save L with bits=4)."""
    h, w = arr.shape
    packed = []
    for row in arr.astype(np.uint8):
        row = np.concatenate([row, np.zeros(w % 2, np.uint8)])
        packed.append(b"\x00" + ((row[0::2] << 4) | row[1::2]).astype(np.uint8).tobytes())
    ihdr = struct.pack(">IIBBBBB", w, h, 4, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
                + png_chunk(b"IDAT", zlib.compress(b"".join(packed), 9)) + png_chunk(b"IEND", b""))


def linear_rgb_profile():
    """A minimal ICC v2 display profile, written by hand: sRGB primaries, D50 white, gamma 1.0 (linear light).
    Far from sRGB on purpose: a decoder that applies it moves mid-tones by tens of levels."""
    def s15(v):
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(x, y, z):
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    def curv(gamma):
        return b"curv" + b"\0" * 4 + struct.pack(">IH", 1, int(round(gamma * 256))) + b"\0\0"

    def desc(text):
        t = text.encode() + b"\0"
        return b"desc" + b"\0" * 4 + struct.pack(">I", len(t)) + t + b"\0" * 8 + b"\0" * 70

    tags = [(b"desc", desc("fewshot linear RGB")), (b"cprt", b"text" + b"\0" * 4 + b"public domain\0"),
            (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)), (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curv(1.0)), (b"gTRC", curv(1.0)), (b"bTRC", curv(1.0))]
    off = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        data += b"\0" * (-(off + len(data)) % 4)
        table += sig + struct.pack(">II", off + len(data), len(body))
        data += body
    body = struct.pack(">I", len(tags)) + table + data
    header = (struct.pack(">I", 128 + len(body)) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acspAPPL" + b"\0" * 24 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"none" + b"\0" * 44)
    assert len(header) == 128
    return header + body


OPENAI_CROP = T.Compose([T.Resize(SIZE, interpolation=T.InterpolationMode.BICUBIC), T.CenterCrop(SIZE)])
OPENAI_TENSOR = T.Compose([T.ToTensor(), T.Normalize(MEAN, STD)])


def openai_reference(path):
    """clip.load's transform: Resize, CenterCrop, convert("RGB"), ToTensor, Normalize (in that order)."""
    crop = OPENAI_CROP(Image.open(path)).convert("RGB")
    return np.asarray(crop), OPENAI_TENSOR(crop).numpy()


def lut_openai():
    """uint8 -> normalised float32 per channel through ToTensor + Normalize, from a 256 x 1 image of every value."""
    ramp = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
    return OPENAI_TENSOR(Image.fromarray(ramp, "RGB")).numpy()[:, 0, :]


def lut_hf():
    x = (np.arange(256, dtype=np.float64) * (1 / 255)).astype(np.float32)
    return np.stack([(x - np.float32(MEAN[c])) / np.float32(STD[c]) for c in range(3)])


def target_size(w, h):
    # transformers get_resize_output_image_size(default_to_square=False): short side -> 224, long truncated
    short, long_ = (w, h) if w <= h else (h, w)
    new_short, new_long = SIZE, int(SIZE * long_ / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def reference(path):
    im = Image.open(path)
    mode = im.mode
    rgb = im.convert("RGB")
    nw, nh = target_size(*rgb.size)
    res = rgb.resize((nw, nh), Image.BICUBIC)
    arr = np.asarray(res)
    top, left = (nh - SIZE) // 2, (nw - SIZE) // 2
    crop = arr[top:top + SIZE, left:left + SIZE]
    x = (crop.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return mode, im.size, (nw, nh), crop, x.transpose(2, 0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="fixtures/images")
    args = ap.parse_args()
    refdir = os.path.join(args.out, "reference")
    os.makedirs(os.path.join(refdir, "openai"), exist_ok=True)
    made = generate(args.out)
    entries = []
    for name in sorted(made):
        path = os.path.join(args.out, name)
        mode, size, resized, crop, x = reference(path)
        ref = os.path.splitext(name)[0] + ".png"
        Image.fromarray(crop, "RGB").save(os.path.join(refdir, ref))
        ocrop, ox = openai_reference(path)
        Image.fromarray(ocrop, "RGB").save(os.path.join(refdir, "openai", ref))
        entries.append({
            "file": name,
            "reference": ref,
            "description": made[name],
            "format": "jpeg" if name.endswith(".jpg") else "png",
            "pilMode": mode,
            "width": size[0], "height": size[1],
            "resizedWidth": resized[0], "resizedHeight": resized[1],
            "bytes": os.path.getsize(path),
            "sha256": hashlib.sha256(open(path, "rb").read()).hexdigest(),
            "tensorSum": float(x.astype(np.float64).sum()),
            "tensorMin": float(x.min()), "tensorMax": float(x.max()),
            "hfCropLeft": (resized[0] - SIZE) // 2, "hfCropTop": (resized[1] - SIZE) // 2,
            "openaiCropLeft": int(round((resized[0] - SIZE) / 2.0)),
            "openaiCropTop": int(round((resized[1] - SIZE) / 2.0)),
            "openaiTensorSum": float(ox.astype(np.float64).sum()),
            "openaiTensorMin": float(ox.min()), "openaiTensorMax": float(ox.max()),
        })
    manifest = {"pillow": PIL.__version__, "numpy": np.__version__, "torch": torch.__version__,
                "torchvision": torchvision.__version__, "size": SIZE, "mean": MEAN, "std": STD,
                "lut": {"openai": [[float(v) for v in ch] for ch in lut_openai()],
                        "hf": [[float(v) for v in ch] for ch in lut_hf()]},
                "images": entries}
    with open(os.path.join(refdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    for e in entries:
        print(f"{e['file']:32s} {e['pilMode']:5s} {e['width']}x{e['height']} -> "
              f"{e['resizedWidth']}x{e['resizedHeight']} {e['bytes']} B")


if __name__ == "__main__":
    main()
