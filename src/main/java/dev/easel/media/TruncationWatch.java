package dev.easel.media;

import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * ImageIO's JPEG reader only warns about a file that ends early and returns a half-grey picture;
 * an edit built on that would be garbage, so a truncation warning makes the upload corrupt.
 * Other warnings (stray bytes between markers and the like) are tolerated, as browsers do.
 */
final class TruncationWatch implements IIOReadWarningListener {
    volatile boolean truncated;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
            truncated = true;
        }
    }
}
