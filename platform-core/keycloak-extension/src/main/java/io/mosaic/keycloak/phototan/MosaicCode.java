package io.mosaic.keycloak.phototan;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The colour mosaic: bytes as a square grid of cells in eight colours (the corners of the RGB cube, three bits a
 * cell). Row 0 and column 0 are a black/white clock track, from which a reader learns the cell size and the grid.
 * The data cells, row by row from (1,1), carry {@code u16 length | payload | CRC-32}.
 *
 * <p>Built for images read as files or data URLs (the emulator); a camera reader would add a quiet zone and
 * perspective correction.
 */
public final class MosaicCode {
    /** Pixels per cell side. */
    public static final int CELL = 6;
    private static final int MAX_PAYLOAD = 4096;

    private MosaicCode() {
    }

    public static BufferedImage encode(byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
            throw new PhotoTanException("mosaic payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        byte[] frame = ByteBuffer.allocate(2 + payload.length + 4).putShort((short) payload.length).put(payload)
                .putInt((int) crc.getValue()).array();
        int symbols = (frame.length * 8 + 2) / 3;
        int side = (int) Math.ceil(Math.sqrt(symbols));
        int grid = side + 1;
        BufferedImage image = new BufferedImage(grid * CELL, grid * CELL, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < grid; i++) {
            int clock = i % 2 == 0 ? 0x000000 : 0xffffff;
            fill(image, i, 0, clock);
            fill(image, 0, i, clock);
        }
        for (int s = 0; s < side * side; s++) {
            int symbol = s < symbols ? symbol(frame, s) : 0;
            int rgb = ((symbol & 4) != 0 ? 0xff0000 : 0) | ((symbol & 2) != 0 ? 0x00ff00 : 0) | ((symbol & 1) != 0 ? 0x0000ff : 0);
            fill(image, 1 + s % side, 1 + s / side, rgb);
        }
        return image;
    }

    public static byte[] decode(BufferedImage image) {
        int cell = 0;
        while (cell < image.getWidth() && (image.getRGB(cell, 0) & 0xffffff) < 0x404040) {
            cell++;
        }
        if (cell < 2 || image.getWidth() % cell != 0 || image.getWidth() != image.getHeight()) {
            throw new PhotoTanException("image is not a photoTAN mosaic (no clock track)");
        }
        int grid = image.getWidth() / cell;
        for (int i = 0; i < grid; i++) {
            boolean dark = i % 2 == 0;
            if (isDark(sample(image, cell, i, 0)) != dark || isDark(sample(image, cell, 0, i)) != dark) {
                throw new PhotoTanException("image is not a photoTAN mosaic (broken clock track at " + i + ")");
            }
        }
        int side = grid - 1;
        byte[] bits = new byte[(side * side * 3 + 7) / 8];
        int bit = 0;
        for (int s = 0; s < side * side; s++) {
            int rgb = sample(image, cell, 1 + s % side, 1 + s / side);
            int symbol = (((rgb >> 16) & 0xff) >= 128 ? 4 : 0) | (((rgb >> 8) & 0xff) >= 128 ? 2 : 0) | ((rgb & 0xff) >= 128 ? 1 : 0);
            for (int b = 2; b >= 0; b--, bit++) {
                if ((symbol >> b & 1) != 0) {
                    bits[bit / 8] |= (byte) (0x80 >>> (bit % 8));
                }
            }
        }
        ByteBuffer frame = ByteBuffer.wrap(bits);
        int length = Short.toUnsignedInt(frame.getShort());
        if (length > bits.length - 6) {
            throw new PhotoTanException("mosaic length " + length + " exceeds its " + bits.length + " bytes");
        }
        byte[] payload = new byte[length];
        frame.get(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (frame.getInt() != (int) crc.getValue()) {
            throw new PhotoTanException("mosaic checksum does not match: the image was read wrongly or altered");
        }
        return payload;
    }

    private static int symbol(byte[] frame, int index) {
        int value = 0;
        for (int b = 0; b < 3; b++) {
            int bit = index * 3 + b;
            int v = bit / 8 < frame.length ? (frame[bit / 8] >> (7 - bit % 8)) & 1 : 0;
            value = value << 1 | v;
        }
        return value;
    }

    private static boolean isDark(int rgb) {
        return ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) < 384;
    }

    private static int sample(BufferedImage image, int cell, int column, int row) {
        return image.getRGB(column * cell + cell / 2, row * cell + cell / 2) & 0xffffff;
    }

    private static void fill(BufferedImage image, int column, int row, int rgb) {
        for (int y = row * CELL; y < (row + 1) * CELL; y++) {
            for (int x = column * CELL; x < (column + 1) * CELL; x++) {
                image.setRGB(x, y, rgb);
            }
        }
    }
}
