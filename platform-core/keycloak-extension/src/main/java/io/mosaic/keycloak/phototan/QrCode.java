package io.mosaic.keycloak.phototan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Map;

/** The QR fallback: the same bytes as the mosaic, base64url text in a QR code (zxing core). */
public final class QrCode {
    private static final int MODULE = 3;

    private QrCode() {
    }

    public static BufferedImage encode(byte[] payload) {
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        try {
            BitMatrix matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth() * MODULE, matrix.getHeight() * MODULE,
                    BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    image.setRGB(x, y, matrix.get(x / MODULE, y / MODULE) ? 0x000000 : 0xffffff);
                }
            }
            return image;
        } catch (WriterException e) {
            throw new PhotoTanException("cannot encode " + payload.length + " bytes as a QR code", e);
        }
    }

    public static byte[] decode(BufferedImage image) {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        try {
            String text = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            return Base64.getUrlDecoder().decode(text);
        } catch (ReaderException | IllegalArgumentException e) {
            throw new PhotoTanException("image is not a readable photoTAN QR code", e);
        }
    }
}
