package report

// Fixes for servers run in containers: the port publishing of Docker and
// Compose, and Kubernetes Services. FTP cannot translate passive ports, so
// the range is published on the same numbers outside as inside.

// containerPublish is the Docker and Compose form of publishing the
// control port and the passive range.
func containerPublish() string {
	return lines(
		"# docker run: the control port, and the passive range on the same numbers",
		"docker run -d -p {{port}}:{{server_port}} -p {{min}}-{{max}}:{{min}}-{{max}} <image>",
		"# docker compose, in the service (quoted: YAML reads 21:21 as a number)",
		"ports:",
		`  - "{{port}}:{{server_port}}"`,
		`  - "{{min}}-{{max}}:{{min}}-{{max}}"`)
}

// kubernetesService is a Service that exposes the control port and every
// port of the passive range, each with targetPort equal to port.
func kubernetesService() string {
	return lines(
		"apiVersion: v1",
		"kind: Service",
		"metadata:",
		"  name: ftp",
		"spec:",
		"  type: LoadBalancer",
		"  externalTrafficPolicy: Local",
		"  selector:",
		"    app: ftp",
		"  ports:",
		"    - {name: ftp, protocol: TCP, port: {{port}}, targetPort: {{server_port}}}",
		"    - {name: pasv-"+eachPortMarker+", protocol: TCP, port: "+eachPortMarker+", targetPort: "+eachPortMarker+"}")
}

// kubernetesRangeFix is the Kubernetes form of forwarding the passive
// range: a Service port per passive port, or the host's network.
func kubernetesRangeFix() fix {
	return fix{
		text: "A Kubernetes Service cannot expose a port range: list every port of the {{range}} {{min}}-{{max}} in " +
			"the Service, each with targetPort equal to port (below; the server must announce the Service's " +
			"external address {{public}}), or run the pod with hostNetwork: true so that the node's own ports are the " +
			"server's. A NodePort Service does not fit: it maps to other numbers (30000-32767), which FTP cannot " +
			"translate. Keep the range small: each port is a Service port (and, on most clouds, a load balancer rule).",
		config: kubernetesService(),
	}
}
