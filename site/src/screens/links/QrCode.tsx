import { useEffect, useState } from "preact/hooks";
import { must } from "../../api/client";
import { asProblem } from "../../api/problem";
import { useApp } from "../../app/context";
import type { Link } from "./LinkItem";

interface Images {
  svg: string;
  png: string;
}

/**
 * QrCode shows a link's QR code and offers it as SVG and PNG. The route needs the bearer
 * token, so the images come through the API client as blobs and are shown from object URLs,
 * which are released when the code is closed.
 */
export function QrCode({ link }: { link: Link }) {
  const { api, workspace } = useApp();
  const [images, setImages] = useState<Images | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    let live = true;
    const made: string[] = [];
    const path = { ws: workspace.id, domain: link.domain, code: link.code };
    const fetchImage = (format: "svg" | "png") =>
      must(api.GET("/api/workspaces/{ws}/links/{domain}/{code}/qr", { params: { path, query: { format, size: "1024" } }, parseAs: "blob" })).then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          made.push(url);
          return url;
        },
      );
    Promise.all([fetchImage("svg"), fetchImage("png")]).then(
      ([svg, png]) => live && setImages({ svg, png }),
      (err) => live && setError(asProblem(err).detail),
    );
    return () => {
      live = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [workspace.id, link.domain, link.code]);

  if (error)
    return (
      <p class="field-error" role="alert">
        The QR code could not be loaded: {error}
      </p>
    );
  if (!images) return <p class="loading">Loading the QR code…</p>;
  return (
    <figure class="qr">
      <img src={images.svg} alt={`QR code for ${link.url}`} width={160} height={160} />
      <figcaption class="actions">
        <a class="btn btn--small" href={images.svg} download={`${link.code}.svg`}>
          Download SVG
        </a>
        <a class="btn btn--small" href={images.png} download={`${link.code}.png`}>
          Download PNG
        </a>
      </figcaption>
    </figure>
  );
}
