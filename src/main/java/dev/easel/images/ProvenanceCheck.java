package dev.easel.images;

import dev.easel.json.Wire;
import dev.easel.media.RgbImage;
import dev.easel.safety.provenance.ManifestReport;
import dev.easel.safety.provenance.ManifestVerifier;
import dev.easel.safety.watermark.Detection;
import dev.easel.safety.watermark.Watermark;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an image file says about where it came from, for {@code easel verify} and
 * {@code POST /v1/easel/verify}: its C2PA manifest (present, valid, trusted, and why not as C2PA
 * status codes; generator, actions, signer) read from the file's bytes, and Easel's invisible
 * watermark (present, payload, confidence) read from its pixels.
 */
public final class ProvenanceCheck {
    private final ManifestVerifier verifier;

    /** @param trustAnchors the CA certificates a signer may chain to (the local CA's {@code ca.pem}, say) */
    public ProvenanceCheck(Collection<X509Certificate> trustAnchors, Clock clock) {
        this.verifier = new ManifestVerifier(trustAnchors, clock);
    }

    /**
     * The two findings of one file, as JSON: {@code {"c2pa": {...}, "watermark": {...}}}.
     *
     * @param pixels the file decoded; empty when it does not decode (its manifest is still read)
     */
    public ObjectNode report(byte[] file, java.util.Optional<RgbImage> pixels) {
        ObjectNode out = Wire.object();
        out.set("c2pa", c2pa(verifier.verify(file)));
        out.set(
                "watermark",
                pixels.map(ProvenanceCheck::watermark)
                        .orElseGet(() -> Wire.object()
                                .put("present", false)
                                .put("checked", false)
                                .put("reason", "the pixels could not be decoded")));
        return out;
    }

    /** Whether a report found provenance: a valid manifest, or the watermark. */
    public static boolean found(ObjectNode report) {
        return report.path("c2pa").path("valid").asBoolean(false)
                || report.path("watermark").path("present").asBoolean(false);
    }

    /** A manifest report as JSON: present, valid, trusted, reasons; generator, signer and actions when present. */
    public static ObjectNode c2pa(ManifestReport m) {
        ObjectNode o = Wire.object()
                .put("present", m.present())
                .put("valid", m.valid())
                .put("trusted", m.trusted());
        ArrayNode reasons = o.putArray("reasons");
        m.reasons().forEach(reasons::add);
        if (m.present()) {
            o.put("claim_generator", m.claimGenerator());
            o.put("signer", m.signerSubject());
            ArrayNode actions = o.putArray("actions");
            for (ManifestReport.Action a : m.actions()) {
                ObjectNode action = actions.addObject().put("action", a.name());
                a.digitalSourceType().ifPresent(t -> action.put("digital_source_type", t));
            }
        }
        return o;
    }

    /** The watermark's finding as JSON: present, checked (false under the minimum size), issued, tag, confidence. */
    public static ObjectNode watermark(RgbImage pixels) {
        ObjectNode o = Wire.object();
        if (Math.min(pixels.width(), pixels.height()) < Watermark.MIN_SIDE) {
            return o.put("present", false)
                    .put("checked", false)
                    .put("reason", "the shorter side is under " + Watermark.MIN_SIDE + " px");
        }
        Detection d = Watermark.detect(pixels);
        o.put("present", d.present()).put("checked", true);
        d.payload()
                .ifPresent(p ->
                        o.put("issued", p.issued().toString()).put("tag", String.format(Locale.ROOT, "%08x", p.tag())));
        o.put("confidence", d.confidence());
        return o;
    }
}
