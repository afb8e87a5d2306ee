package io.mosaic.keycloak.phototan;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** PNG images of photoTAN payloads (activation letters and sealed challenges): a colour mosaic and a QR fallback. */
public final class PhotoTanImage {
    private PhotoTanImage() {
    }

    public static byte[] mosaicPng(byte[] payload) {
        return png(MosaicCode.encode(payload));
    }

    public static byte[] qrPng(byte[] payload) {
        return png(QrCode.encode(payload));
    }

    /** {@code data:image/png;base64,…}, to put into an {@code <img src>}. */
    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** The payload of a PNG (mosaic or QR) or of a {@code data:image/png;base64,} URI. */
    public static byte[] read(byte[] pngOrDataUri) {
        byte[] png = pngOrDataUri;
        String head = new String(pngOrDataUri, 0, Math.min(22, pngOrDataUri.length), java.nio.charset.StandardCharsets.US_ASCII);
        if (head.startsWith("data:image/png;base64,")) {
            String text = new String(pngOrDataUri, java.nio.charset.StandardCharsets.US_ASCII);
            png = Base64.getDecoder().decode(text.substring(text.indexOf(',') + 1).strip());
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new PhotoTanException("cannot read the photoTAN image as PNG", e);
        }
        if (image == null) {
            throw new PhotoTanException("the photoTAN image is not a PNG");
        }
        try {
            return MosaicCode.decode(image);
        } catch (PhotoTanException notMosaic) {
            return QrCode.decode(image);
        }
    }

    private static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new PhotoTanException("cannot write a PNG image", e);
        }
        return out.toByteArray();
    }
}
