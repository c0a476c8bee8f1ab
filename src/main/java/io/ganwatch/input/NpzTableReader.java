package io.ganwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a NumPy {@code .npz} archive holding a feature matrix {@code X} and optional labels {@code y},
 * the format of the ADBench anomaly-detection benchmarks.
 *
 * <p>Hand-written because the format is tiny (a zip of {@code .npy} files, each a short text header
 * and raw little-endian numbers) and no library worth a dependency reads it. Numeric little-endian
 * arrays are accepted in C or Fortran order (the ADBench files are column-major); anything else
 * (big-endian, object or structured arrays) is refused with the numpy call that fixes it, rather
 * than guessed at.
 * Columns are named {@code x0..x{n-1}} since the archive carries no names; row {@code i} is
 * reported as line {@code i + 1}.
 */
public final class NpzTableReader implements TableReader {
    /** The feature matrix's array name. */
    public static final String FEATURES = "X";
    /** The label array's name, also the label column's name (1 = anomaly). */
    public static final String LABEL = "y";

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    @Override
    public Table read(Path file, long maxRows) {
        return RowSource.collect(file.toString(), v -> stream(file, maxRows, v), maxRows);
    }

    /**
     * Hands out the rows one at a time from the arrays, held as primitive doubles (8 bytes a value, not a
     * table of objects). The arrays themselves are read whole: ADBench's are column-major, so a row's
     * values lie a whole column apart in the file.
     */
    @Override
    public void stream(Path file, RowVisitor visitor) {
        stream(file, Long.MAX_VALUE, visitor);
    }

    private void stream(Path file, long maxRows, RowVisitor visitor) {
        String name = file.toString();
        Array x = null;
        Array y = null;
        List<String> arrays = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Sources.open(file))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String array = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                arrays.add(array);
                if (array.equals(FEATURES)) {
                    x = readNpy(name, array, zip, maxRows);
                } else if (array.equals(LABEL)) {
                    y = readNpy(name, array, zip, maxRows);
                }
            }
        } catch (ZipException e) {
            throw new InputException(name, 0, null, "is not a valid .npz archive (" + Sources.oneLine(e)
                    + "); save it with numpy.savez or numpy.savez_compressed", e);
        } catch (IOException e) {
            throw Sources.failure(file, 0, e);
        }
        if (arrays.isEmpty()) {
            throw new InputException(name, 0, null,
                    "is empty or not a .npz archive; save the data with numpy.savez(path, X=features, y=labels)");
        }
        if (x == null) {
            throw new InputException(name, 0, null, "has no array named X (it holds " + String.join(", ", arrays)
                    + "); save the features as X: numpy.savez(path, X=features, y=labels)");
        }
        rows(name, x, y, visitor);
    }

    private static void rows(String name, Array x, Array y, RowVisitor visitor) {
        if (x.shape.length != 2) {
            throw new InputException(name, 0, null, "array X has shape " + x.shapeText()
                    + " but must be 2-D (rows x features); reshape it, e.g. X.reshape(len(X), -1)");
        }
        int n = (int) x.shape[0];
        int m = (int) x.shape[1];
        if (m == 0) {
            throw new InputException(name, 0, null, "array X has no feature columns; save a matrix with at least one column");
        }
        if (y != null && (y.shape.length != 1 || y.shape[0] != n)) {
            throw new InputException(name, 0, null, "array y has shape " + y.shapeText() + " but X has " + n
                    + " rows; y must be 1-D with one label per row of X");
        }
        List<String> columns = new ArrayList<>(m + 1);
        for (int j = 0; j < m; j++) {
            columns.add("x" + j);
        }
        if (y != null) {
            columns.add(LABEL);
        }
        visitor.columns(name, List.copyOf(columns));
        for (int i = 0; i < n; i++) {
            Object[] values = new Object[columns.size()];
            for (int j = 0; j < m; j++) {
                values[j] = x.at(i, j, n, m);
            }
            if (y != null) {
                values[m] = y.data[i];
            }
            visitor.row(i + 1L, values);
        }
    }

    /**
     * One array, widened to double: every supported dtype fits exactly except 64-bit integers above 2^53.
     * {@code fortran} means column-major storage, which ADBench's archives use.
     */
    private record Array(long[] shape, double[] data, boolean fortran) {
        double at(int row, int column, int rows, int columns) {
            return data[fortran ? column * rows + row : row * columns + column];
        }

        String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /** @param maxRows most rows (first dimension) allowed, checked from the header before the data is read */
    private static Array readNpy(String file, String array, InputStream in, long maxRows) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !java.util.Arrays.equals(magic, 0, 6, MAGIC, 0, 6)) {
            throw new InputException(file, 0, null, "array " + array + " is not a .npy array; save it with numpy.savez");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            headerLength = (int) littleEndian(in, 2, file, array);
        } else if (major == 2 || major == 3) {
            headerLength = (int) littleEndian(in, 4, file, array);
        } else {
            throw new InputException(file, 0, null, "array " + array + " uses .npy format version " + major + "." + magic[7]
                    + ", which this version cannot read; save it with numpy.savez from numpy 1.x or 2.x");
        }
        if (headerLength < 0 || headerLength > 1 << 20) {
            throw new InputException(file, 0, null, "array " + array + " has a corrupt .npy header; save the archive again");
        }
        byte[] headerBytes = readFully(in, headerLength, file, array);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeMatch = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeMatch.find()) {
            throw new InputException(file, 0, null, "array " + array + " has an unsupported .npy header " + header.trim()
                    + "; only plain numeric arrays can be read: save X.astype('float64')");
        }
        String dtype = descr.group(1);
        if (dtype.startsWith(">")) {
            throw new InputException(file, 0, null, "array " + array + " is big-endian (dtype '" + dtype
                    + "'); only little-endian arrays can be read: save " + array + ".astype('<f8')");
        }
        if (dtype.length() < 3) {
            throw new InputException(file, 0, null, "array " + array + " has dtype '" + dtype
                    + "', which cannot be read; save " + array + ".astype('<f8')");
        }
        char order = dtype.charAt(0);
        char kind = dtype.charAt(1);
        int size;
        try {
            size = Integer.parseInt(dtype.substring(2));
        } catch (NumberFormatException e) {
            size = -1;
        }
        boolean known = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!known || order != '<' && order != '|') {
            throw new InputException(file, 0, null, "array " + array + " has dtype '" + dtype
                    + "', which cannot be read; save " + array + ".astype('<f8')");
        }

        String[] dims = shapeMatch.group(1).split(",");
        List<Long> shapeList = new ArrayList<>();
        long count = 1;
        for (String d : dims) {
            if (!d.isBlank()) {
                long v;
                try {
                    v = Long.parseLong(d.trim().replace("L", ""));
                } catch (NumberFormatException e) {
                    v = -1;
                }
                if (v < 0) {
                    throw new InputException(file, 0, null, "array " + array + " has a corrupt .npy header " + header.trim()
                            + "; save the archive again");
                }
                shapeList.add(v);
                count = v > Integer.MAX_VALUE || count > Integer.MAX_VALUE ? Long.MAX_VALUE / 16 : count * v;
            }
        }
        long[] shape = shapeList.stream().mapToLong(Long::longValue).toArray();
        if (shape.length > 0 && shape[0] > maxRows) {
            throw new RowLimitException(file, maxRows);
        }
        if (count * size > Integer.MAX_VALUE - 16 || count > Integer.MAX_VALUE - 16) {
            throw new InputException(file, 0, null, "array " + array + " with shape " + new Array(shape, null, false).shapeText()
                    + " is too large to load; use a sample of the rows");
        }
        double[] data = new double[(int) count];
        int chunkValues = Math.max(1, (1 << 16) / size);
        int done = 0;
        while (done < count) {
            int k = (int) Math.min(chunkValues, count - done);
            ByteBuffer buf = ByteBuffer.wrap(readFully(in, k * size, file, array)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < k; i++) {
                data[done + i] = switch (kind) {
                    case 'f' -> size == 8 ? buf.getDouble() : buf.getFloat();
                    case 'b' -> buf.get() != 0 ? 1.0 : 0.0;
                    case 'u' -> switch (size) {
                        case 1 -> buf.get() & 0xFF;
                        case 2 -> buf.getShort() & 0xFFFF;
                        case 4 -> buf.getInt() & 0xFFFFFFFFL;
                        default -> unsigned(buf.getLong());
                    };
                    default -> switch (size) {
                        case 1 -> buf.get();
                        case 2 -> buf.getShort();
                        case 4 -> buf.getInt();
                        default -> buf.getLong();
                    };
                };
            }
            done += k;
        }
        return new Array(shape, data, fortran.group(1).equals("True"));
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }

    private static long littleEndian(InputStream in, int bytes, String file, String array) throws IOException {
        byte[] b = readFully(in, bytes, file, array);
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = v << 8 | b[i] & 0xFF;
        }
        return v;
    }

    private static byte[] readFully(InputStream in, int n, String file, String array) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new InputException(file, 0, null, "array " + array
                    + " is truncated (fewer bytes than its header announces); save the archive again");
        }
        return b;
    }
}
