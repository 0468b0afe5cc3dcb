package dev.easel.media;

/** An upload's real format, told by its first bytes: the declared content type is not trusted. */
enum SniffedFormat {
    PNG("PNG", "image/png"),
    JPEG("JPEG", "image/jpeg"),
    WEBP("WebP", "image/webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    final String displayName;
    final String mimeType;

    SniffedFormat(String displayName, String mimeType) {
        this.displayName = displayName;
        this.mimeType = mimeType;
    }

    /** The format, or null if the bytes are none of PNG, JPEG and WebP. */
    static SniffedFormat of(byte[] b) {
        if (startsWith(b, PNG_SIGNATURE)) {
            return PNG;
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (WebpContainer.isWebp(b)) {
            return WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
