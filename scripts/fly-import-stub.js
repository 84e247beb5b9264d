// fly-import installs generators from npm while Yeoman runs; create-wheels-repo runs only its own
// generator, so the Yeoman bundle carries this stub instead of fly-import and npm's arborist.
export class FlyRepository {
  constructor(options) {
    this.repositoryPath = options?.repositoryPath;
  }
  async install() {
    throw new Error('create-wheels-repo does not install Yeoman generators');
  }
}

export async function flyImport() {
  throw new Error('create-wheels-repo does not install Yeoman generators');
}
