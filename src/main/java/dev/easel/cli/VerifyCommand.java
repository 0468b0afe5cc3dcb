package dev.easel.cli;

import dev.easel.json.Wire;
import dev.easel.media.ImageDecodeException;
import dev.easel.media.ImageDecoder;
import dev.easel.media.RgbImage;
import dev.easel.safety.watermark.Watermark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code easel verify IMAGE...}: what each file says about where it came from. Each check is one
 * {@link Finding}: its C2PA manifest (valid or not, and why, as C2PA status codes; trusted when
 * its signer chains to a {@code --trust} certificate) and the invisible watermark (README,
 * "Watermark"). The exit status is 0 when every file has a valid manifest or Easel's mark, 1
 * otherwise (or when a file cannot be read).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Report the provenance of image files: their C2PA manifest and Easel's invisible watermark.")
final class VerifyCommand implements Callable<Integer> {
    /** Files larger than this many pixels are refused, as uploads are (4096²). */
    static final long MAX_PIXELS = 4096L * 4096;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG or WebP files.")
    List<Path> images;

    @Option(names = "--json", description = "One JSON object a line instead of text.")
    boolean json;

    @Option(
            names = "--trust",
            paramLabel = "PEM",
            description = "CA certificates a C2PA signer may chain to (e.g. the data folder's c2pa/ca.pem).")
    List<Path> trust = List.of();

    @Spec
    CommandSpec spec;

    /** One check's verdict on a file: its name, whether it found provenance, and the details as text and as JSON. */
    record Finding(String check, boolean found, String text, ObjectNode json) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean all = true;
        for (Path image : images) {
            byte[] bytes = Files.readAllBytes(image);
            RgbImage pixels;
            try {
                pixels = ImageDecoder.decode(bytes, MAX_PIXELS);
            } catch (ImageDecodeException e) {
                throw new IOException(image + ": " + e.getMessage(), e);
            }
            List<Finding> findings = findings(bytes, pixels, anchors());
            all &= findings.stream().anyMatch(Finding::found);
            if (json) {
                ObjectNode line = Wire.object().put("file", image.toString());
                findings.forEach(f -> line.set(f.check(), f.json()));
                out.println(Wire.write(line));
            } else {
                out.println(image);
                findings.forEach(f -> out.println("  " + f.check() + ": " + f.text()));
            }
        }
        out.flush();
        return all ? 0 : 1;
    }

    /**
     * Every check of one file. C2PA goes here: its verdict comes from {@code bytes} (the manifest
     * and the signature over them), the watermark's from the pixels.
     */
    static List<Finding> findings(byte[] bytes, RgbImage pixels, List<java.security.cert.X509Certificate> anchors) {
        List<Finding> out = new ArrayList<>();
        out.add(c2pa(
                new dev.easel.safety.provenance.ManifestVerifier(anchors, java.time.Clock.systemUTC()).verify(bytes)));
        out.add(watermark(pixels));
        return out;
    }

    private List<java.security.cert.X509Certificate> anchors() throws IOException {
        List<java.security.cert.X509Certificate> out = new ArrayList<>();
        for (Path pem : trust) {
            try (var in = Files.newInputStream(pem)) {
                for (var cert : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    out.add((java.security.cert.X509Certificate) cert);
                }
            } catch (java.security.cert.CertificateException e) {
                throw new IOException(pem + ": no PEM certificates (" + e.getMessage() + ")", e);
            }
        }
        return out;
    }

    static Finding c2pa(dev.easel.safety.provenance.ManifestReport m) {
        ObjectNode json = dev.easel.images.ProvenanceCheck.c2pa(m);
        if (!m.present()) {
            return new Finding("c2pa", false, "absent (" + String.join(", ", m.reasons()) + ")", json);
        }
        String text = (m.valid() ? "valid" : "invalid") + (m.trusted() ? ", trusted" : ", untrusted") + ", by "
                + m.claimGenerator() + ", signed by " + m.signerSubject() + ", actions "
                + m.actions().stream()
                        .map(dev.easel.safety.provenance.ManifestReport.Action::name)
                        .toList()
                + (m.reasons().isEmpty() ? "" : "; " + String.join(", ", m.reasons()));
        return new Finding("c2pa", m.valid(), text, json);
    }

    static Finding watermark(RgbImage pixels) {
        ObjectNode json = dev.easel.images.ProvenanceCheck.watermark(pixels);
        if (!json.path("checked").asBoolean()) {
            return new Finding(
                    "watermark", false, "not looked for (shorter side under " + Watermark.MIN_SIDE + " px)", json);
        }
        boolean present = json.path("present").asBoolean();
        String confidence = String.format(
                Locale.ROOT, "confidence %.6f", json.path("confidence").asDouble());
        String text = json.has("tag")
                ? "present, issued " + json.get("issued").asString() + ", tag "
                        + json.get("tag").asString() + ", " + confidence
                : present ? "present (payload unreadable), " + confidence : "absent, " + confidence;
        return new Finding("watermark", present, text, json);
    }
}
