package io.creditshub.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands what is written to one background thread that writes it to the target stream
 * (here: the zip's compressor), so that making the rows and compressing them use two
 * cores. At most {@link #CHUNKS} chunks of {@link #CHUNK} bytes are in flight: memory
 * stays flat. {@link #flush()} waits until the target has everything; only then may the
 * caller use the target itself (e.g. start the next zip entry). Does not close the
 * target.
 */
final class BackgroundOutputStream extends OutputStream {

	static final int CHUNK = 1 << 20, CHUNKS = 4;

	private static final byte[] FLUSH = new byte[0], STOP = new byte[0];

	private final OutputStream target;

	private record Item(byte[] chunk, int length) {
	}

	private final BlockingQueue<Item> full = new ArrayBlockingQueue<>(CHUNKS + 2);

	private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS + 1);

	private final BlockingQueue<Object> flushed = new ArrayBlockingQueue<>(1);

	private final Thread thread;

	private volatile Throwable failure;

	/**
	 * CPU time of the background thread once it has stopped (nanoseconds; -1 where the
	 * JVM cannot tell).
	 */
	private volatile long cpuNanos = -1;

	private byte[] buf = new byte[CHUNK];

	private int pos;

	BackgroundOutputStream(OutputStream target, String name) {
		this.target = target;
		for (int i = 0; i < CHUNKS; i++) {
			free.add(new byte[CHUNK]);
		}
		thread = new Thread(this::run, name);
		thread.setDaemon(true);
		thread.start();
	}

	private void run() {
		try {
			while (true) {
				Item item = full.take();
				byte[] chunk = item.chunk();
				int length = item.length();
				if (chunk == STOP) {
					cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
					return;
				}
				if (chunk == FLUSH) {
					flushed.put(Boolean.TRUE);
					continue;
				}
				if (failure == null) {
					try {
						target.write(chunk, 0, length);
					}
					catch (Throwable e) {
						failure = e;
					}
				}
				free.put(chunk);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void send(byte[] chunk, int length) throws IOException {
		try {
			full.put(new Item(chunk, length));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
	}

	private void check() throws IOException {
		Throwable e = failure;
		if (e instanceof IOException io) {
			throw io;
		}
		if (e != null) {
			throw new IOException(e);
		}
	}

	private void handOver() throws IOException {
		if (pos == 0) {
			return;
		}
		check();
		send(buf, pos);
		try {
			buf = free.take();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
		pos = 0;
	}

	@Override
	public void write(int b) throws IOException {
		if (pos == buf.length) {
			handOver();
		}
		buf[pos++] = (byte) b;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		while (len > 0) {
			if (pos == buf.length) {
				handOver();
			}
			int n = Math.min(len, buf.length - pos);
			System.arraycopy(b, off, buf, pos, n);
			pos += n;
			off += n;
			len -= n;
		}
	}

	/** Waits until the target has everything written so far. */
	@Override
	public void flush() throws IOException {
		handOver();
		send(FLUSH, 0);
		try {
			flushed.take();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
		check();
	}

	/** CPU time the background thread used, after {@link #close()}. */
	long cpuNanos() {
		return cpuNanos;
	}

	/**
	 * Stops the thread (without flushing: call {@link #flush()} first to keep what was
	 * written).
	 */
	@Override
	public void close() throws IOException {
		try {
			send(STOP, 0);
			thread.join();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException();
		}
	}

}
