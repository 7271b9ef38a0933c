using System.Buffers.Binary;
using System.IO.Compression;

namespace TimeSync.Reporting.Tests;

/// <summary>A minimal PNG decoder (8-bit RGB/RGBA, non-interlaced, as Chromium writes screenshots) for pixel statistics.</summary>
internal sealed class PngImage
{
    public int Width { get; }
    public int Height { get; }
    private readonly byte[] rgba;

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        this.rgba = rgba;
    }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int o = (y * Width + x) * 4;
            return (rgba[o], rgba[o + 1], rgba[o + 2]);
        }
    }

    public static PngImage Load(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        if (!data.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 })) throw new InvalidDataException("not a PNG");
        int pos = 8, width = 0, height = 0, colorType = 0;
        var idat = new MemoryStream();
        while (pos < data.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            var body = data.AsSpan(pos + 8, len);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[12] != 0) throw new NotSupportedException("only 8-bit non-interlaced PNG");
                colorType = body[9];
                if (colorType is not (2 or 6)) throw new NotSupportedException($"PNG colour type {colorType}");
            }
            else if (type == "IDAT") idat.Write(body);
            else if (type == "IEND") break;
            pos += 12 + len;
        }
        int bpp = colorType == 6 ? 4 : 3;
        int stride = width * bpp;
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] src = raw.ToArray();
        var cur = new byte[stride];
        var prev = new byte[stride];
        var outp = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            int filter = src[y * (stride + 1)];
            Array.Copy(src, y * (stride + 1) + 1, cur, 0, stride);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 4;
                outp[o] = cur[x * bpp];
                outp[o + 1] = cur[x * bpp + 1];
                outp[o + 2] = cur[x * bpp + 2];
                outp[o + 3] = bpp == 4 ? cur[x * bpp + 3] : (byte)255;
            }
            (prev, cur) = (cur, prev);
        }
        return new PngImage(width, height, outp);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Pixels within <paramref name="tolerance"/> (per channel) of the colour "#rrggbb".</summary>
    public int Count(string hex, int tolerance = 24)
    {
        int r = Convert.ToInt32(hex[1..3], 16), g = Convert.ToInt32(hex[3..5], 16), b = Convert.ToInt32(hex[5..7], 16);
        int n = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                var p = this[x, y];
                if (Math.Abs(p.R - r) <= tolerance && Math.Abs(p.G - g) <= tolerance && Math.Abs(p.B - b) <= tolerance) n++;
            }
        return n;
    }
}
