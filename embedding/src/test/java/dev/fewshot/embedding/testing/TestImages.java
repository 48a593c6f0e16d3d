package dev.fewshot.embedding.testing;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes small image datasets for tests: per class a colour and a shape, so images of one class look
 * alike, with seeded noise and varied sizes, in JPEG and PNG. Also writes broken files.
 */
public final class TestImages {
    private TestImages() {
    }

    /** Writes {@code root/<label>/img-<i>.{jpg|png}} for each label; returns the relative paths. */
    public static List<String> classFolders(Path root, List<String> labels, int perClass, long seed) throws IOException {
        List<String> out = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int c = 0; c < labels.size(); c++) {
            Path dir = Files.createDirectories(root.resolve(labels.get(c)));
            for (int i = 0; i < perClass; i++) {
                boolean png = i % 3 == 2;
                String name = String.format("img-%03d.%s", i, png ? "png" : "jpg");
                BufferedImage img = draw(c, 160 + rnd.nextInt(200), 120 + rnd.nextInt(200), rnd);
                ImageIO.write(img, png ? "png" : "jpg", dir.resolve(name).toFile());
                out.add(labels.get(c) + "/" + name);
            }
        }
        return out;
    }

    /** One picture of class {@code c}: its hue as background, a class-specific shape, seeded noise. */
    public static BufferedImage draw(int c, int w, int h, Random rnd) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.getHSBColor((c * 0.137f) % 1f, 0.6f, 0.9f));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.getHSBColor((c * 0.137f + 0.5f) % 1f, 0.8f, 0.4f));
        int s = Math.min(w, h) / 2;
        int x = rnd.nextInt(Math.max(1, w - s)), y = rnd.nextInt(Math.max(1, h - s));
        switch (c % 3) {
            case 0 -> g.fillOval(x, y, s, s);
            case 1 -> g.fillRect(x, y, s, s);
            default -> g.fillPolygon(new int[]{x, x + s, x + s / 2}, new int[]{y + s, y + s, y}, 3);
        }
        g.dispose();
        for (int i = 0; i < w * h / 20; i++) {
            img.setRGB(rnd.nextInt(w), rnd.nextInt(h), rnd.nextInt(0xFFFFFF));
        }
        return img;
    }

    /** Broken files in {@code dir}: zero-byte, text, truncated JPEG; returns their names. */
    public static List<String> brokenFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Files.writeString(dir.resolve("notes.jpg"), "this is not an image\n");
        Path ok = dir.resolve("whole.tmp.jpg");
        ImageIO.write(draw(0, 300, 200, new Random(1)), "jpg", ok.toFile());
        byte[] bytes = Files.readAllBytes(ok);
        Files.delete(ok);
        Files.write(dir.resolve("truncated.jpg"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        return List.of("empty.jpg", "notes.jpg", "truncated.jpg");
    }

    /** A valid PNG whose IHDR claims w x h 8-bit RGB, with one deflated row of IDAT: tiny file, huge image. */
    public static byte[] pngBomb(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[1 + Math.max(w, 1) * 3]); // filter byte + one black row
        deflater.finish();
        byte[] buf = new byte[1024];
        int n = deflater.deflate(buf);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A complete, valid 8-bit RGB PNG of {@code w x h} whose rows are grey stripes (value y mod 256): a 2 x 2,000,000
     * image is about 15 KB on disk, 12 MB decoded.
     */
    public static byte[] stripesPng(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[1 + w * 3];
            for (int y = 0; y < h; y++) {
                Arrays.fill(row, 1, row.length, (byte) y);
                z.write(row);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
