package dev.settle.reconciliation.internal;

import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import dev.settle.shared.InvalidRequestException;

/**
 * Reads a report as it streams in, record by record (Commons CSV), never whole in memory: strict
 * UTF-8 (a byte sequence that is not UTF-8 refuses the file), no NUL characters (a binary file),
 * a header that names a known {@link ReportLayout}. A file refused as a whole is an
 * {@link InvalidRequestException} with the reason; a bad line is a {@link LineError} and the
 * reading goes on.
 */
final class ReportReader {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
            .get();

    private ReportReader() {
    }

    /** Reads the whole stream; returns the layout, after every line went to one of the consumers. */
    static ReportLayout read(InputStream in, Consumer<ReportLine> lines, Consumer<LineError> errors) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (CSVParser parser = CSVParser.builder().setReader(new TextOnly(new InputStreamReader(in, decoder))).setFormat(FORMAT).get()) {
            if (parser.getHeaderNames().isEmpty()) {
                throw new InvalidRequestException("report_empty", "The report is empty: it has no header line.", "file");
            }
            ReportLayout layout = ReportLayout.recognise(parser.getHeaderNames()).orElseThrow(() -> new InvalidRequestException(
                    "report_layout_unknown", "The report's header is not a layout Settle reads. A Stripe itemized balance transaction report needs "
                            + ReportLayout.STRIPE_ITEMIZED.required() + "; the simulator's is " + ReportLayout.SIMULATOR.required() + ".",
                    "file"));
            ReportLayout.Reader reader = new ReportLayout.Reader(layout);
            for (CSVRecord record : parser) {
                int line = Math.toIntExact(record.getRecordNumber() + 1);
                Object read = reader.read(record, line);
                if (read instanceof ReportLine good) {
                    lines.accept(good);
                } else {
                    errors.accept((LineError) read);
                }
            }
            return layout;
        } catch (UncheckedIOException e) {
            throw refused(e.getCause());
        } catch (IOException e) {
            throw refused(e);
        }
    }

    private static InvalidRequestException refused(IOException e) {
        if (e instanceof CharacterCodingException) {
            return new InvalidRequestException("report_encoding_invalid", "The report is not UTF-8 text.", "file");
        }
        if (e instanceof BinaryContent) {
            return new InvalidRequestException("report_not_csv", "The report is binary, not CSV text.", "file");
        }
        return new InvalidRequestException("report_not_csv", "The report is not valid CSV: " + e.getMessage(), "file");
    }

    private static final class BinaryContent extends IOException {
        BinaryContent() {
            super("NUL character", null);
        }
    }

    /** Drops a leading byte-order mark and refuses NUL, which no CSV text has. */
    private static final class TextOnly extends FilterReader {

        private boolean first = true;

        TextOnly(Reader in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0];
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && first) {
                first = false;
                if (buffer[offset] == '\uFEFF') {
                    System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
                    n--;
                    if (n == 0) {
                        return read(buffer, offset, length);
                    }
                }
            }
            for (int i = offset; i < offset + Math.max(n, 0); i++) {
                if (buffer[i] == '\0') {
                    throw new BinaryContent();
                }
            }
            return n;
        }
    }
}
