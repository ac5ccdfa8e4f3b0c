package dev.settle.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WebSocket client written on a plain socket, for what the JDK client will not do: show the
 * HTTP answer to a refused handshake (status and problem+json body), read nothing for a while
 * (a slow consumer, with a small receive buffer), or never answer a ping.
 */
public final class RawWebSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The handshake's answer; {@code socket} is open only if the status is 101. */
    public record Handshake(int status, Map<String, String> headers, String body, RawWebSocket socket) {
    }

    public record Frame(int opcode, byte[] payload) {

        public static final int TEXT = 1;
        public static final int CLOSE = 8;
        public static final int PING = 9;

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        public String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket, InputStream in) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(in);
        this.out = socket.getOutputStream();
    }

    /** Sends the handshake for {@code pathAndQuery} with these headers; receiveBuffer 0 leaves the default. */
    public static Handshake connect(String baseUrl, String pathAndQuery, Map<String, String> headers, int receiveBuffer)
            throws IOException {
        URI base = URI.create(baseUrl);
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(60_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> answer = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            answer.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        if (status == 101) {
            return new Handshake(status, answer, "", new RawWebSocket(socket, in));
        }
        String body = body(in, answer);
        socket.close();
        return new Handshake(status, answer, body, null);
    }

    private static String body(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            return body.toString(StandardCharsets.UTF_8);
        }
        return "";
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** The next message or control frame from the server; a fragmented message is joined from its frames. */
    public Frame read() throws IOException {
        Frame frame = readFrame();
        if (frame.opcode() >= 8 || fin) {
            return frame;
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(frame.payload());
        while (true) {
            Frame next = readFrame();
            if (next.opcode() >= 8) {
                continue; // a ping between fragments, unanswered
            }
            message.write(next.payload());
            if (fin) {
                return new Frame(frame.opcode(), message.toByteArray());
            }
        }
    }

    private boolean fin;

    private Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        fin = (first & 0x80) != 0;
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** The next frame that is not a ping (pings are left unanswered). */
    public Frame readSkippingPings() throws IOException {
        Frame frame = read();
        while (frame.opcode() == Frame.PING) {
            frame = read();
        }
        return frame;
    }

    public void sendPong(byte[] payload) throws IOException {
        send(0xA, payload);
    }

    private void send(int opcode, byte[] payload) throws IOException {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        out.write(0x80 | opcode);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i % 4]);
        }
        out.flush();
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
