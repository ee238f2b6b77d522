package dev.poebridge.testsupport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Random;

import javax.imageio.ImageIO;

/** Real images of each format, made in the test: PNG, JPEG and GIF by ImageIO, WebP headers by hand (no writer). */
public final class TestImages {

    private TestImages() {
    }

    /** A plain image of this size in this ImageIO format ({@code png}, {@code jpeg}, {@code gif}). */
    public static byte[] written(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff8800);
        return write(image, format);
    }

    /** A PNG of random pixels: it does not compress, so it comes out at about three bytes a pixel. */
    public static byte[] noisyPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return write(image, "png");
    }

    /** An extended WebP (VP8X) of this canvas size; the image data after the header is not a real picture. */
    public static byte[] webp(int width, int height) {
        return hex("52494646" + "24000000" + "57454250" + "56503858" + "0a000000" + "10000000" + littleEndian24(width - 1)
                + littleEndian24(height - 1) + "414c5048" + "00000000");
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static String littleEndian24(int value) {
        return HexFormat.of().toHexDigits((byte) value) + HexFormat.of().toHexDigits((byte) (value >> 8))
                + HexFormat.of().toHexDigits((byte) (value >> 16));
    }

    private static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
